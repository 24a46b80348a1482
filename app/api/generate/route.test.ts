import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { buildUpstreamBody } from "@/lib/wan27/body";
import { composerSchema, type ComposerInput } from "@/lib/wan27/schema";
import { POST } from "./route";

// The upstream client is replaced (vi.mock is hoisted above the imports): these
// tests are about what the route sends it, and what it refuses to send.
const upstream = vi.hoisted(() => {
  const submit = vi.fn();
  const client = () => ({ submit, getJob: vi.fn(), getMe: vi.fn() });
  return { submit, client, apiframe: vi.fn(client) };
});
vi.mock("@/lib/server/apiframe", () => ({ apiframe: upstream.apiframe }));

const JOB_ID = "3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10";
const KEY = "submit-7f3a9c1e";

const I2V: ComposerInput = {
  prompt: "The lighthouse beam sweeps across the waves",
  image: "https://example.com/start.jpg",
  resolution: "1080p",
  aspectRatio: "",
  duration: 10,
};

function post(body: unknown): Promise<Response> {
  return POST(
    new Request("http://localhost/api/generate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

beforeEach(() => {
  upstream.submit.mockReset();
  // mockReset also drops any unused *Once implementation a test left behind.
  upstream.apiframe.mockReset().mockImplementation(upstream.client);
  upstream.submit.mockResolvedValue({ jobId: JOB_ID, status: "QUEUED" });
});

describe("POST /api/generate", () => {
  it("accepts valid values: 202 with the job and our estimate", async () => {
    const res = await post({ values: I2V, idempotencyKey: KEY });
    expect(res.status).toBe(202);
    // 10 s image-to-video at 1080p = 26 credits/s × 10 s.
    expect(await res.json()).toEqual({ jobId: JOB_ID, status: "QUEUED", estimate: { credits: 260 } });
  });

  it("sends upstream exactly buildUpstreamBody of the parsed values, with the caller's key", async () => {
    await post({ values: I2V, idempotencyKey: KEY });
    expect(upstream.submit).toHaveBeenCalledTimes(1);
    expect(upstream.submit).toHaveBeenCalledWith(buildUpstreamBody(composerSchema.parse(I2V)), KEY);
    expect(upstream.submit.mock.calls[0]?.[0]).toEqual({
      prompt: I2V.prompt,
      model: "wan-2.7",
      wan27Params: { image: "https://example.com/start.jpg", duration: 10, resolution: "1080p" },
    });
  });

  it("answers 400 with a message at each invalid field, and sends nothing upstream", async () => {
    const res = await post({
      values: { ...I2V, prompt: "   ", duration: 20, firstClip: "https://example.com/intro.mp4" },
      idempotencyKey: KEY,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.fields?.prompt?.[0]).toMatch(/Write a prompt/);
    expect(body.error.fields?.duration?.[0]).toMatch(/at most 15 seconds/);
    expect(body.error.fields?.firstClip?.[0]).toMatch(/not both/);
    expect(upstream.apiframe).not.toHaveBeenCalled();
    expect(upstream.submit).not.toHaveBeenCalled();
  });

  it("answers 400 when values are missing altogether", async () => {
    const res = await post({ idempotencyKey: KEY });
    expect(res.status).toBe(400);
    expect(upstream.submit).not.toHaveBeenCalled();
  });

  it.each([
    ["missing", undefined],
    ["too short", "abc1234"],
    ["too long", "k".repeat(256)],
    ["with spaces", "has spaces 123"],
    ["not a string", 12345678],
  ])("answers 400 for an idempotency key that is %s, sending nothing", async (_case, idempotencyKey) => {
    const res = await post({ values: I2V, idempotencyKey });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toMatch(/idempotencyKey/);
    expect(upstream.submit).not.toHaveBeenCalled();
  });

  it("accepts a 255-character key (apiframe's limit)", async () => {
    expect((await post({ values: I2V, idempotencyKey: "k".repeat(255) })).status).toBe(202);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await post("{values:");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe("invalid_request");
    expect(upstream.submit).not.toHaveBeenCalled();
  });

  it("checks the values before the configuration, so field errors show first", async () => {
    upstream.apiframe.mockImplementationOnce(() => {
      throw new AppError("not_configured");
    });
    const res = await post({ values: { ...I2V, duration: 1 }, idempotencyKey: KEY });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.fields?.duration).toBeDefined();
    expect(upstream.apiframe).not.toHaveBeenCalled();
  });

  it("answers 503 not_configured for valid values on a server without a key", async () => {
    upstream.apiframe.mockImplementationOnce(() => {
      throw new AppError("not_configured");
    });
    const res = await post({ values: I2V, idempotencyKey: KEY });
    expect(res.status).toBe(503);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("not_configured");
    expect(body.error.message).toContain("APIFRAME_API_KEY");
  });

  it("passes an upstream rate limit on as 429 with Retry-After", async () => {
    upstream.submit.mockRejectedValueOnce(new AppError("rate_limited", undefined, { retryAfter: 8 }));
    const res = await post({ values: I2V, idempotencyKey: KEY });
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("8");
  });

  it("answers 402 with both credit numbers when the account is short", async () => {
    upstream.submit.mockRejectedValueOnce(
      new AppError("insufficient_credits", undefined, { creditsRequired: 260, creditsAvailable: 120 }),
    );
    const res = await post({ values: I2V, idempotencyKey: KEY });
    expect(res.status).toBe(402);
    expect(await res.json()).toEqual({
      error: {
        code: "insufficient_credits",
        message: expect.stringContaining("This request needs 260 credits; the account has 120."),
        creditsRequired: 260,
        creditsAvailable: 120,
      },
    });
  });
});
