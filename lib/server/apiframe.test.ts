import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { AppError } from "@/lib/errors";
import type { GenerateVideoBody } from "@/lib/wan27/body";
import { apiframe, createApiframeClient, type ApiframeClientOptions } from "./apiframe";
import { resetServerEnvForTests } from "./env";

const KEY = "afk_live_s3cret_KEY_value";
const BASE = "https://api.test";
const JOB_ID = "3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10";
const NOW = Date.parse("2026-07-01T12:00:00.000Z");

const BODY: GenerateVideoBody = {
  prompt: "A lighthouse at dusk, waves rolling in",
  model: "wan-2.7",
  wan27Params: { image: "https://example.com/start.jpg", duration: 10, resolution: "1080p" },
};

const JOB = {
  id: JOB_ID,
  status: "COMPLETED",
  model: "wan-2.7",
  progress: 100,
  result: { videoUrl: "https://cdn2.apiframe.ai/videos/3f1c2a9e.mp4" },
  error: null,
  creditCost: 85,
  webhookStatus: null,
  createdAt: "2026-07-01T12:00:00.000Z",
  completedAt: "2026-07-01T12:02:41.000Z",
};

type Answer = Response | Error;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A client whose fetch plays back `answers` in order and records every call. */
function setup(answers: Answer[], options: Partial<ApiframeClientOptions> = {}) {
  const queue = [...answers];
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn<typeof globalThis.fetch>(async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    const next = queue.shift();
    if (next === undefined) throw new Error("test: no more answers queued");
    if (next instanceof Error) throw next;
    return next;
  });
  const sleep = vi.fn<(ms: number) => Promise<void>>(async () => {});
  const client = createApiframeClient({
    apiKey: KEY,
    baseUrl: BASE,
    fetch,
    sleep,
    random: () => 0.5,
    now: () => NOW,
    ...options,
  });
  const header = (i: number, name: string) => new Headers(calls[i]?.init.headers).get(name);
  return { client, calls, fetch, sleep, header };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const timeoutError = () => new DOMException("The operation was aborted due to timeout", "TimeoutError");
const dropped = () => new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });

let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  // Whatever a test did, the key never reached the log.
  for (const args of consoleError.mock.calls) expect(args.map(String).join(" ")).not.toContain(KEY);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  resetServerEnvForTests();
});

describe("submit", () => {
  it("POSTs the body to /v2/videos/generate with the key, JSON and idempotency headers", async () => {
    const { client, calls, header } = setup([json({ jobId: JOB_ID, status: "QUEUED" }, 202)]);
    await expect(client.submit(BODY, "key-12345678")).resolves.toEqual({ jobId: JOB_ID, status: "QUEUED" });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${BASE}/v2/videos/generate`);
    expect(calls[0]?.init.method).toBe("POST");
    expect(header(0, "X-API-Key")).toBe(KEY);
    expect(header(0, "Content-Type")).toBe("application/json");
    expect(header(0, "Idempotency-Key")).toBe("key-12345678");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual(BODY);
  });

  it("gives every attempt its own timeout signal of timeoutMs", async () => {
    const timeout = vi.spyOn(AbortSignal, "timeout");
    const { client, calls } = setup([json({ jobId: JOB_ID, status: "QUEUED" }, 202)], { timeoutMs: 15_000 });
    await client.submit(BODY, "key-12345678");
    expect(timeout).toHaveBeenCalledWith(15_000);
    expect(calls[0]?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it("maps a 400 with details to messages at the composer's fields", async () => {
    const { client, calls } = setup([
      json(
        {
          error: "Validation error",
          details: {
            prompt: ["String must contain at least 1 character(s)"],
            model: ["Invalid enum value"],
            "wan27Params.duration": ["Number must be ≤ 15"],
            "wan27Params.first_clip": ["Invalid url"],
            "wan27Params.last_frame": ["Invalid url"],
            "wan27Params.image": ["Invalid url"],
            "wan27Params.audio": ["Invalid url"],
            "wan27Params.resolution": ["Invalid enum value"],
            "wan27Params.aspect_ratio": ["Invalid enum value"],
            "wan27Params.negative_prompt": ["String must contain at most 2500 character(s)"],
            "wan27Params.enable_prompt_expansion": ["Expected boolean"],
            "wan27Params.seed": ["Expected integer"],
            webhookUrl: ["Invalid url"],
          },
        },
        400,
      ),
    ]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("invalid_request");
    expect(err.status).toBe(400);
    expect(err.fields).toEqual({
      prompt: ["String must contain at least 1 character(s)"],
      form: ["model: Invalid enum value", "webhookUrl: Invalid url"],
      duration: ["Number must be ≤ 15"],
      firstClip: ["Invalid url"],
      lastFrame: ["Invalid url"],
      image: ["Invalid url"],
      audio: ["Invalid url"],
      resolution: ["Invalid enum value"],
      aspectRatio: ["Invalid enum value"],
      negativePrompt: ["String must contain at most 2500 character(s)"],
      promptExpansion: ["Expected boolean"],
      seed: ["Expected integer"],
    });
    expect(calls).toHaveLength(1);
  });

  it("maps a 400 without details to invalid_request with no fields", async () => {
    const { client } = setup([json({ error: "Bad request" }, 400)]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("invalid_request");
    expect(err.fields).toBeUndefined();
  });

  it.each([
    [401, "Invalid API key"],
    [401, "API key is required"],
    [403, "API key is inactive"],
  ])("maps %i (%s) to unauthorized, answered 502 and not retried", async (status, text) => {
    const { client, calls } = setup([json({ error: text }, status)]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("unauthorized");
    expect(err.status).toBe(502);
    expect(err.message).toContain("APIFRAME_API_KEY");
    expect(err.retryable).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("maps a 402 to insufficient_credits with both numbers in the message", async () => {
    const { client } = setup([
      json({ error: "Insufficient credits", creditsRequired: 1260, creditsAvailable: 120 }, 402),
    ]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("insufficient_credits");
    expect(err.status).toBe(402);
    expect(err.creditsRequired).toBe(1260);
    expect(err.creditsAvailable).toBe(120);
    expect(err.message).toContain("This request needs 1,260 credits; the account has 120.");
  });

  it("maps a 402 without numbers to a message that still says what happened", async () => {
    const { client } = setup([json({ error: "Insufficient credits" }, 402)]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("insufficient_credits");
    expect(err.creditsRequired).toBeUndefined();
    expect(err.message).toMatch(/enough credits/);
  });

  it("maps a 409 to idempotency_conflict", async () => {
    const { client } = setup([json({ error: "Idempotency key reused" }, 409)]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("idempotency_conflict");
    expect(err.status).toBe(409);
  });

  it("maps a 429 to rate_limited with Retry-After in seconds, without retrying", async () => {
    const { client, calls, sleep } = setup([json({ error: "Too many requests" }, 429, { "Retry-After": "30" })]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("rate_limited");
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(30);
    expect(err.retryable).toBe(true);
    expect(calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("reads a Retry-After HTTP date as seconds from now", async () => {
    const at = new Date(NOW + 45_000).toUTCString();
    const { client } = setup([json({ error: "Too many requests" }, 429, { "Retry-After": at })]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.retryAfter).toBe(45);
  });

  it("falls back to 5 s when a 429 has no Retry-After", async () => {
    const { client } = setup([json({ error: "Too many requests" }, 429)]);
    expect((await failure(client.submit(BODY, "key-12345678"))).retryAfter).toBe(5);
  });

  it("retries a 503 with the SAME idempotency key and full-jitter backoff, then succeeds", async () => {
    const { client, calls, sleep, header } = setup([
      json({ error: "Service unavailable" }, 503),
      json({ error: "Service unavailable" }, 503),
      json({ jobId: JOB_ID, status: "QUEUED" }, 202),
    ]);
    await expect(client.submit(BODY, "same-key-123")).resolves.toEqual({ jobId: JOB_ID, status: "QUEUED" });
    expect(calls).toHaveLength(3);
    expect([0, 1, 2].map((i) => header(i, "Idempotency-Key"))).toEqual([
      "same-key-123",
      "same-key-123",
      "same-key-123",
    ]);
    // random() = 0.5 of min(4000, 250 · 2^attempt)
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([125, 250]);
  });

  it("caps the backoff at 4 s", async () => {
    const answers = Array.from({ length: 7 }, () => json({ error: "boom" }, 500));
    const { client, sleep } = setup(answers, { maxRetries: 6, random: () => 0.999999 });
    await failure(client.submit(BODY, "key-12345678"));
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([249, 499, 999, 1999, 3999, 3999]);
  });

  it("gives up on a 500 after maxRetries retries with upstream_unavailable", async () => {
    const { client, calls, sleep } = setup([
      json({ error: "Internal" }, 500),
      json({ error: "Internal" }, 500),
      json({ error: "Internal" }, 500),
    ]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("upstream_unavailable");
    expect(err.status).toBe(503);
    expect(calls).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
    // One log line per failed attempt.
    expect(consoleError).toHaveBeenCalledTimes(3);
  });

  it("retries timeouts, then answers upstream_timeout", async () => {
    const { client, calls } = setup([timeoutError(), timeoutError(), timeoutError()]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("upstream_timeout");
    expect(err.status).toBe(504);
    expect(calls).toHaveLength(3);
  });

  it("retries a dropped connection and succeeds on the next attempt", async () => {
    const { client, calls, header } = setup([dropped(), json({ jobId: JOB_ID, status: "QUEUED" }, 202)]);
    await expect(client.submit(BODY, "key-12345678")).resolves.toMatchObject({ jobId: JOB_ID });
    expect(calls).toHaveLength(2);
    expect(header(1, "Idempotency-Key")).toBe("key-12345678");
  });

  it("answers upstream_unavailable when the connection keeps dropping", async () => {
    const { client } = setup([dropped(), dropped(), dropped()]);
    expect((await failure(client.submit(BODY, "key-12345678"))).code).toBe("upstream_unavailable");
  });

  it("answers bad_upstream_response for malformed JSON on a 202, without retrying", async () => {
    const { client, calls } = setup([new Response("{not json", { status: 202 })]);
    const err = await failure(client.submit(BODY, "key-12345678"));
    expect(err.code).toBe("bad_upstream_response");
    expect(err.status).toBe(502);
    expect(calls).toHaveLength(1);
  });

  it("answers bad_upstream_response for a 202 without a job id", async () => {
    const { client } = setup([json({ status: "QUEUED" }, 202)]);
    expect((await failure(client.submit(BODY, "key-12345678"))).code).toBe("bad_upstream_response");
  });
});

describe("getJob", () => {
  it("GETs /v2/jobs/:id with the key and no idempotency or content-type header", async () => {
    const { client, calls, header } = setup([json(JOB)]);
    await client.getJob(JOB_ID);
    expect(calls[0]?.url).toBe(`${BASE}/v2/jobs/${JOB_ID}`);
    expect(calls[0]?.init.method).toBe("GET");
    expect(header(0, "X-API-Key")).toBe(KEY);
    expect(header(0, "Idempotency-Key")).toBeNull();
    expect(header(0, "Content-Type")).toBeNull();
  });

  it("reshapes a completed job into a JobView, ignoring unknown fields", async () => {
    const { client } = setup([json({ ...JOB, input: { prompt: "x" }, somethingNew: true })]);
    await expect(client.getJob(JOB_ID)).resolves.toEqual({
      id: JOB_ID,
      status: "COMPLETED",
      progress: 100,
      videoUrl: "https://cdn2.apiframe.ai/videos/3f1c2a9e.mp4",
      error: null,
      creditsCharged: 85,
      createdAt: "2026-07-01T12:00:00.000Z",
      completedAt: "2026-07-01T12:02:41.000Z",
      expired: false,
    });
  });

  it.each([
    ["an object", { videoUrl: "https://cdn2.apiframe.ai/v.mp4" }, "https://cdn2.apiframe.ai/v.mp4"],
    ["a bare URL string", "https://cdn2.apiframe.ai/v.mp4", "https://cdn2.apiframe.ai/v.mp4"],
    ["null", null, null],
    ["missing", undefined, null],
    ["a non-web URL", "javascript:alert(1)", null],
  ])("reads result as %s", async (_name, result, videoUrl) => {
    const { client } = setup([json({ ...JOB, result })]);
    expect((await client.getJob(JOB_ID)).videoUrl).toBe(videoUrl);
  });

  it("keeps a failed job's reason and the refund", async () => {
    const { client } = setup([
      json({ ...JOB, status: "FAILED", result: null, error: "Content policy violation", creditCost: 0, expired: true }),
    ]);
    await expect(client.getJob(JOB_ID)).resolves.toMatchObject({
      status: "FAILED",
      videoUrl: null,
      error: "Content policy violation",
      creditsCharged: 0,
      expired: true,
    });
  });

  it("keeps progress while running and null when unknown", async () => {
    const { client } = setup([
      json({ ...JOB, status: "PROCESSING", progress: 42, result: null, completedAt: null }),
      json({ ...JOB, status: "QUEUED", progress: null, result: null, completedAt: null }),
    ]);
    expect((await client.getJob(JOB_ID)).progress).toBe(42);
    expect((await client.getJob(JOB_ID)).progress).toBeNull();
  });

  it("maps a 404 to not_found without retrying", async () => {
    const { client, calls } = setup([json({ error: "Job not found" }, 404)]);
    const err = await failure(client.getJob(JOB_ID));
    expect(err.code).toBe("not_found");
    expect(err.status).toBe(404);
    expect(calls).toHaveLength(1);
  });

  it("answers bad_upstream_response for malformed JSON on a job", async () => {
    const { client } = setup([new Response("<html>oops</html>", { status: 200 })]);
    expect((await failure(client.getJob(JOB_ID))).code).toBe("bad_upstream_response");
  });

  it("answers bad_upstream_response for a job with an unknown status", async () => {
    const { client } = setup([json({ ...JOB, status: "DONE" })]);
    expect((await failure(client.getJob(JOB_ID))).code).toBe("bad_upstream_response");
  });

  it("logs the request id of a failed call, and never the key", async () => {
    const { client } = setup([json({ error: "Job not found" }, 404, { "x-request-id": "req_abc123" })]);
    await failure(client.getJob(JOB_ID));
    expect(consoleError).toHaveBeenCalledTimes(1);
    const line = String(consoleError.mock.calls[0]?.[0]);
    expect(line).toContain(`GET /v2/jobs/${JOB_ID}`);
    expect(line).toContain("404");
    expect(line).toContain("req_abc123");
  });
});

describe("getMe", () => {
  it("reads the balance, team name and plan from team", async () => {
    const { client, calls } = setup([
      json({
        user: { id: "u", email: "dev@example.com", role: "ADMIN" },
        team: { id: "t", name: "My Team", plan: "pro", credits: 4500, maxConcurrentJobs: 10 },
        apiKey: { id: "k", name: "Production Key" },
      }),
    ]);
    await expect(client.getMe()).resolves.toEqual({ credits: 4500, teamName: "My Team", plan: "pro" });
    expect(calls[0]?.url).toBe(`${BASE}/v2/me`);
  });

  it("reads a caller without a team as a zero balance", async () => {
    const { client } = setup([json({ user: { id: "u" }, team: null, apiKey: null })]);
    await expect(client.getMe()).resolves.toEqual({ credits: 0, teamName: null, plan: null });
  });

  it("answers bad_upstream_response when team.credits is not a number", async () => {
    const { client } = setup([json({ team: { name: "My Team", credits: "lots" } })]);
    expect((await failure(client.getMe())).code).toBe("bad_upstream_response");
  });
});

describe("upload", () => {
  const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const pngFile = () => new Blob([PNG_BYTES], { type: "image/png" });
  const UPLOAD = {
    id: "7d0c6a8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f",
    url: "https://cdn2.apiframe.ai/uploads/7d0c6a8e/start.png",
    kind: "image",
    contentType: "image/png",
    byteSize: 11,
    expiresAt: "2026-07-01T14:00:00.000Z",
  };

  it("POSTs the file as multipart to /v2/uploads with the key and the idempotency key", async () => {
    const { client, calls, header } = setup([json(UPLOAD, 201)]);
    await client.upload(pngFile(), "start.png", "upload-12345678");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${BASE}/v2/uploads`);
    expect(calls[0]?.init.method).toBe("POST");
    expect(header(0, "X-API-Key")).toBe(KEY);
    expect(header(0, "Idempotency-Key")).toBe("upload-12345678");
    // fetch writes the multipart Content-Type itself, boundary and all.
    expect(header(0, "Content-Type")).toBeNull();

    const sent = await new Request("http://x", { method: "POST", body: calls[0]?.init.body ?? null }).formData();
    expect([...sent.keys()]).toEqual(["file"]);
    const file = sent.get("file");
    expect(file).toBeInstanceOf(Blob);
    expect((file as File).name).toBe("start.png");
    expect(new Uint8Array(await (file as File).arrayBuffer())).toEqual(PNG_BYTES);
  });

  it("answers the upload's URL, kind, type, size and expiry, ignoring unknown fields", async () => {
    const { client } = setup([json({ ...UPLOAD, somethingNew: true }, 201)]);
    await expect(client.upload(pngFile(), "start.png", "upload-12345678")).resolves.toEqual({
      url: UPLOAD.url,
      kind: "image",
      contentType: "image/png",
      byteSize: 11,
      expiresAt: "2026-07-01T14:00:00.000Z",
    });
  });

  it("gives an upload more time than a JSON call", async () => {
    const timeout = vi.spyOn(AbortSignal, "timeout");
    const { client } = setup([json(UPLOAD, 201)], { timeoutMs: 15_000, uploadTimeoutMs: 90_000 });
    await client.upload(pngFile(), "start.png", "upload-12345678");
    expect(timeout).toHaveBeenCalledWith(90_000);
  });

  it("passes on apiframe's reason for refusing the file when it is a short sentence", async () => {
    const { client, calls } = setup([json({ error: "Unsupported file type" }, 400)]);
    const err = await failure(client.upload(pngFile(), "start.png", "upload-12345678"));
    expect(err.code).toBe("invalid_request");
    expect(err.status).toBe(400);
    expect(err.message).toBe("apiframe did not accept this file: Unsupported file type.");
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["too long", "x".repeat(201)],
    ["markup", "<html><body>Bad Request</body></html>"],
    ["several lines", "Error: boom\n    at handler (/srv/app.js:1:1)"],
    ["empty", ""],
  ])("keeps apiframe's 400 text off the page when it is %s", async (_case, text) => {
    const { client } = setup([json({ error: text }, 400)]);
    const err = await failure(client.upload(pngFile(), "start.png", "upload-12345678"));
    expect(err.code).toBe("invalid_request");
    expect(err.message).toBe("apiframe did not accept this file.");
  });

  it("retries a 502 (the CDN upload failed) with the SAME idempotency key, then succeeds", async () => {
    const { client, calls, header } = setup([json({ error: "Failed to upload file to CDN" }, 502), json(UPLOAD, 201)]);
    await expect(client.upload(pngFile(), "start.png", "same-upload-1")).resolves.toMatchObject({ url: UPLOAD.url });
    expect(calls).toHaveLength(2);
    expect([header(0, "Idempotency-Key"), header(1, "Idempotency-Key")]).toEqual(["same-upload-1", "same-upload-1"]);
    // The retry carries the file too, not an emptied body.
    const resent = await new Request("http://x", { method: "POST", body: calls[1]?.init.body ?? null }).formData();
    expect(new Uint8Array(await (resent.get("file") as File).arrayBuffer())).toEqual(PNG_BYTES);
  });

  it("answers upstream_unavailable (503, retryable) when the CDN keeps failing", async () => {
    const { client, calls } = setup([
      json({ error: "Failed to upload file to CDN" }, 502),
      json({ error: "Failed to upload file to CDN" }, 502),
      json({ error: "Failed to upload file to CDN" }, 502),
    ]);
    const err = await failure(client.upload(pngFile(), "start.png", "upload-12345678"));
    expect(err.code).toBe("upstream_unavailable");
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it.each([
    ["no url", { ...UPLOAD, url: undefined }],
    ["a url that is not http(s)", { ...UPLOAD, url: "javascript:alert(1)" }],
    ["an unknown kind", { ...UPLOAD, kind: "document" }],
    ["a byteSize that is not a whole number", { ...UPLOAD, byteSize: "11" }],
  ])("answers bad_upstream_response for a 201 with %s, without retrying", async (_case, body) => {
    const { client, calls } = setup([json(body, 201)]);
    const err = await failure(client.upload(pngFile(), "start.png", "upload-12345678"));
    expect(err.code).toBe("bad_upstream_response");
    expect(calls).toHaveLength(1);
  });

  it("answers bad_upstream_response for a 201 that is not JSON", async () => {
    const { client } = setup([new Response('{"id":', { status: 201 })]);
    expect((await failure(client.upload(pngFile(), "start.png", "upload-12345678"))).code).toBe(
      "bad_upstream_response",
    );
  });

  it("maps a refused key to unauthorized, like every other call", async () => {
    const { client } = setup([json({ error: "Invalid API key" }, 401)]);
    expect((await failure(client.upload(pngFile(), "start.png", "upload-12345678"))).code).toBe("unauthorized");
  });
});

describe("the key stays secret", () => {
  it("appears in no error message and no log line, whatever goes wrong", async () => {
    const { client } = setup([
      json({ error: `Invalid API key ${KEY}` }, 401),
      json({ error: "Insufficient credits", creditsRequired: 10, creditsAvailable: 1 }, 402),
      json({ error: `boom ${KEY}` }, 500),
      json({ error: `boom ${KEY}` }, 500),
      json({ error: `boom ${KEY}` }, 500),
      new TypeError(`fetch failed for ${KEY}`),
      new TypeError(`fetch failed for ${KEY}`),
      new TypeError(`fetch failed for ${KEY}`),
      new Response(`not json ${KEY}`, { status: 200 }),
    ]);
    const errors = [
      await failure(client.submit(BODY, "key-12345678")),
      await failure(client.submit(BODY, "key-12345678")),
      await failure(client.submit(BODY, "key-12345678")),
      await failure(client.getJob(JOB_ID)),
      await failure(client.getMe()),
    ];
    for (const err of errors) expect(JSON.stringify({ message: err.message, fields: err.fields })).not.toContain(KEY);
    expect(consoleError.mock.calls.length).toBeGreaterThanOrEqual(9);
    for (const args of consoleError.mock.calls) expect(args.map(String).join(" ")).not.toContain(KEY);
  });
});

describe("apiframe() from the server's environment", () => {
  it("throws not_configured (503) when APIFRAME_API_KEY is empty", () => {
    vi.stubEnv("APIFRAME_API_KEY", "");
    resetServerEnvForTests();
    expect(() => apiframe()).toThrowError(expect.objectContaining({ code: "not_configured", status: 503 }));
  });

  it("refuses a key without the afk_ prefix, without echoing it", () => {
    vi.stubEnv("APIFRAME_API_KEY", "sk_wrong_vendor_value");
    resetServerEnvForTests();
    let message = "";
    try {
      apiframe();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/start with "afk_"/);
    expect(message).not.toContain("sk_wrong_vendor_value");
  });

  it("refuses a base URL that is not http(s)", () => {
    vi.stubEnv("APIFRAME_API_KEY", KEY);
    vi.stubEnv("APIFRAME_BASE_URL", "ftp://files.example.com");
    resetServerEnvForTests();
    expect(() => apiframe()).toThrowError(/APIFRAME_BASE_URL/);
  });

  it("uses APIFRAME_BASE_URL without its trailing slash", async () => {
    vi.stubEnv("APIFRAME_API_KEY", KEY);
    vi.stubEnv("APIFRAME_BASE_URL", "http://localhost:4010/");
    resetServerEnvForTests();
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json({ team: { credits: 7, name: "T", plan: "free" } }));
    vi.stubGlobal("fetch", fetch);
    await expect(apiframe().getMe()).resolves.toEqual({ credits: 7, teamName: "T", plan: "free" });
    expect(String(fetch.mock.calls[0]?.[0])).toBe("http://localhost:4010/v2/me");
  });

  it("defaults to the real API", async () => {
    vi.stubEnv("APIFRAME_API_KEY", KEY);
    vi.stubEnv("APIFRAME_BASE_URL", "");
    resetServerEnvForTests();
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json({ team: { credits: 1 } }));
    vi.stubGlobal("fetch", fetch);
    await apiframe().getMe();
    expect(String(fetch.mock.calls[0]?.[0])).toBe("https://api.apiframe.ai/v2/me");
  });
});
