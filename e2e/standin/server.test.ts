/**
 * Tests for the apiframe stand-in. Every answer the app can meet is checked against apiframe's
 * own JSON Schemas (shared/spec/apiframe-schemas.json), so the stand-in cannot drift into
 * shapes the real API never sends.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  StandinState,
  parseRange,
  priceRequest,
  sanitiseFileName,
  sniffMedia,
  startStandin,
  validateGenerateRequest,
} from "./server.mjs";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const schemaFile = fileURLToPath(new URL("../../../shared/spec/apiframe-schemas.json", import.meta.url));
const schemas = JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, object>;
// strict: false because the spec's `webhookStatus` mixes `enum: [..., null]` with a type list.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

type SchemaName =
  | "GenerateVideoRequest_wan27"
  | "JobAccepted"
  | "Job"
  | "JobList"
  | "ValidationError"
  | "InsufficientCredits"
  | "ErrorResponse"
  | "Me"
  | "Upload";

function expectSchema(name: SchemaName, value: unknown) {
  const schema = schemas[name];
  if (!schema) throw new Error(`schema ${name} missing from ${schemaFile}`);
  const validate = ajv.getSchema(name) ?? (ajv.addSchema(schema, name), ajv.getSchema(name)!);
  expect(validate(value) ? null : { name, errors: validate.errors, value }).toBeNull();
}

/** The model rules of wan-2.7.md that the JSON schema cannot express, written from the spec. */
function meetsModelRules(body: unknown): boolean {
  const params = (body as { wan27Params?: Record<string, unknown> }).wan27Params ?? {};
  const has = (key: string) => Object.hasOwn(params, key);
  if (has("image") && has("first_clip")) return false;
  if (has("last_frame") && !has("image") && !has("first_clip")) return false;
  if (has("aspect_ratio") && (has("image") || has("first_clip"))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

const KEY = "afk_standin_local_key";
const INACTIVE_KEY = "afk_standin_inactive_key";
const JOB_MS = 400;
const START_BALANCE = 4500;
const sampleVideo = readFileSync(fileURLToPath(new URL("./sample.mp4", import.meta.url)));

let standin: Awaited<ReturnType<typeof startStandin>>;

beforeAll(async () => {
  standin = await startStandin({ port: 0, jobMs: JOB_MS, balance: START_BALANCE });
});

afterAll(async () => {
  await standin?.close();
});

beforeEach(async () => {
  await control("/__standin/reset", { balance: START_BALANCE, jobMs: JOB_MS });
});

interface CallOptions {
  method?: string;
  body?: unknown;
  key?: string | null;
  headers?: Record<string, string>;
}

interface Answer<T> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

interface JobBody {
  id: string;
  status: string;
  progress: number | null;
  result: { videoUrl: string } | null;
  error: string | null;
  creditCost: number | null;
  completedAt: string | null;
  input: unknown;
}

interface Stats {
  submissions: number;
  generateRequests: { idempotencyKey: string | null; status: number }[];
  balance: number;
  jobs: string[];
  pendingFaults: number;
  uploads: number;
}

async function call<T = Record<string, unknown>>(path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const { method = "GET", body, key = KEY, headers = {} } = options;
  // fetch writes a FormData's multipart Content-Type itself, boundary included.
  const form = body instanceof FormData;
  const response = await fetch(`${standin.url}${path}`, {
    method,
    headers: {
      ...(key === null ? {} : { "X-API-Key": key }),
      ...(body === undefined || form ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : form || typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

function control<T = Record<string, unknown>>(path: string, body: unknown) {
  return call<T>(path, { method: "POST", body, key: null });
}

async function stats(): Promise<Stats> {
  return (await call<Stats>("/__standin/stats", { key: null })).json;
}

const T2V = { prompt: "A tiger running through tall grass", model: "wan-2.7" };

/** 202, 400 and 402 bodies share one loose type; each test checks the exact shape by schema. */
interface GenerateAnswer {
  jobId: string;
  status: string;
  error?: string;
  details?: Record<string, string[]>;
}

function generate(body: unknown = T2V, idempotencyKey?: string) {
  return call<GenerateAnswer>("/v2/videos/generate", {
    method: "POST",
    body,
    headers: idempotencyKey === undefined ? {} : { "Idempotency-Key": idempotencyKey },
  });
}

async function createJob(body: unknown = T2V): Promise<string> {
  const answer = await generate(body);
  expect(answer.status).toBe(202);
  return answer.json.jobId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a job until it is final, checking every answer against the Job schema. */
async function pollUntilDone(jobId: string, timeoutMs = 3000): Promise<JobBody[]> {
  const seen: JobBody[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await call<JobBody>(`/v2/jobs/${jobId}`);
    expect(answer.status).toBe(200);
    expectSchema("Job", answer.json);
    seen.push(answer.json);
    if (answer.json.status === "COMPLETED" || answer.json.status === "FAILED") return seen;
    await sleep(10);
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe("authentication", () => {
  it.each([
    ["missing", null, 401, "API key is required"],
    ["unknown", "afk_nope", 401, "Invalid API key"],
    ["inactive", INACTIVE_KEY, 403, "API key is inactive"],
  ])("answers a %s key on every /v2 route", async (_label, key, status, message) => {
    for (const [path, method] of [
      ["/v2/videos/generate", "POST"],
      ["/v2/jobs/3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10", "GET"],
      ["/v2/jobs", "GET"],
      ["/v2/me", "GET"],
      ["/v2/uploads", "POST"],
    ] as const) {
      const answer = await call(path, { method, key, body: method === "POST" ? T2V : undefined });
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(answer.json).toEqual({ error: message });
      expectSchema("ErrorResponse", answer.json);
    }
    const after = await stats();
    expect(after.submissions).toBe(0);
    expect(after.uploads).toBe(0);
  });
});

describe("POST /v2/videos/generate", () => {
  it("accepts a job with 202, a v4 UUID and QUEUED, and charges the cost", async () => {
    const answer = await generate();
    expect(answer.status).toBe(202);
    expectSchema("JobAccepted", answer.json);
    expect(answer.json.status).toBe("QUEUED");
    expect(answer.json.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Object.keys(answer.json).sort()).toEqual(["jobId", "status"]);
    expect((await stats()).balance).toBe(START_BALANCE - 17 * 5);
  });

  it.each([
    ["T2V defaults (5 s, 1080p)", {}, 85],
    ["T2V 1080p 8 s", { duration: 8, resolution: "1080p", aspect_ratio: "16:9" }, 136],
    ["T2V 720p 15 s", { duration: 15, resolution: "720p" }, 255],
    ["I2V 1080p 10 s (the spec's worked example)", { image: "https://e.com/a.jpg", duration: 10 }, 260],
    ["I2V 720p 10 s", { image: "https://e.com/a.jpg", duration: 10, resolution: "720p" }, 170],
    ["FLF default 1080p 5 s", { image: "https://e.com/a.jpg", last_frame: "https://e.com/z.jpg" }, 130],
    ["continuation 720p 2 s", { first_clip: "https://e.com/c.mp4", resolution: "720p", duration: 2 }, 34],
  ])("prices %s", async (_label, wan27Params, cost) => {
    const body = { ...T2V, wan27Params };
    expectSchema("GenerateVideoRequest_wan27", body);
    expect(priceRequest(body)).toBe(cost);
    expect((await generate(body)).status).toBe(202);
    expect((await stats()).balance).toBe(START_BALANCE - cost);
  });

  it("answers 400 with details keyed by JSON path, and charges nothing", async () => {
    const answer = await generate({
      prompt: "",
      model: "wan-2.6",
      extra: true,
      wan27Params: {
        duration: 16,
        seed: 1.5,
        resolution: "4k",
        image: "not a url",
        first_clip: "https://e.com/c.mp4",
        aspect_ratio: "16:9",
        negative_prompt: "x".repeat(2501),
        enable_prompt_expansion: "yes",
        bogus: 1,
      },
    });
    expect(answer.status).toBe(400);
    expectSchema("ValidationError", answer.json);
    expect(answer.json.error).toBe("Validation error");
    expect(Object.keys(answer.json.details as object).sort()).toEqual(
      [
        "extra",
        "prompt",
        "model",
        "wan27Params.bogus",
        "wan27Params.duration",
        "wan27Params.seed",
        "wan27Params.resolution",
        "wan27Params.image",
        "wan27Params.first_clip",
        "wan27Params.aspect_ratio",
        "wan27Params.negative_prompt",
        "wan27Params.enable_prompt_expansion",
      ].sort(),
    );
    expect((await stats()).balance).toBe(START_BALANCE);
  });

  it.each([
    ["last_frame without image or first_clip", { last_frame: "https://e.com/z.jpg" }, "wan27Params.last_frame"],
    ["aspect_ratio with an image", { image: "https://e.com/a.jpg", aspect_ratio: "1:1" }, "wan27Params.aspect_ratio"],
    [
      "image with first_clip",
      { image: "https://e.com/a.jpg", first_clip: "https://e.com/c.mp4" },
      "wan27Params.first_clip",
    ],
    ["a relative URI", { audio: "/a.mp3" }, "wan27Params.audio"],
    ["a URI with a space", { image: "https://e.com/a b.jpg" }, "wan27Params.image"],
    ["duration below 2", { duration: 1 }, "wan27Params.duration"],
  ])("rejects %s", async (_label, wan27Params, path) => {
    const answer = await generate({ ...T2V, wan27Params });
    expect(answer.status).toBe(400);
    expectSchema("ValidationError", answer.json);
    expect(Object.keys(answer.json.details as object)).toEqual([path]);
  });

  it("answers 400 for a body that is not JSON, and for a prompt over 5000 characters", async () => {
    const bad = await generate("{not json");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: "Invalid JSON body" });
    expectSchema("ErrorResponse", bad.json);

    expect((await generate({ ...T2V, prompt: "p".repeat(5000) })).status).toBe(202);
    const long = await generate({ ...T2V, prompt: "p".repeat(5001) });
    expect(long.status).toBe(400);
    expect(Object.keys(long.json.details as object)).toEqual(["prompt"]);
  });

  it("answers 402 with required vs available credits, creating nothing", async () => {
    await control("/__standin/reset", { balance: 100, jobMs: JOB_MS });
    const answer = await generate({ ...T2V, wan27Params: { image: "https://e.com/a.jpg", duration: 10 } });
    expect(answer.status).toBe(402);
    expectSchema("InsufficientCredits", answer.json);
    expect(answer.json).toEqual({ error: "Insufficient credits", creditsRequired: 260, creditsAvailable: 100 });
    const after = await stats();
    expect(after.submissions).toBe(0);
    expect(after.balance).toBe(100);
  });

  it("agrees with the JSON schema plus the model rules on arbitrary bodies", () => {
    // Mostly valid values with the odd bad one, so that bodies whose only fault is a single
    // field (the case that exposes a lenient check) come up often.
    const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
      fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: invalid, weight: 1 });
    // An unknown key in about one object in ten: both levels are closed objects.
    const sometimesStray = <T extends object>(object: fc.Arbitrary<T>) =>
      fc
        .tuple(object, fc.integer({ min: 0, max: 9 }))
        .map(([value, dice]) => (dice === 0 ? { ...value, stray: 1 } : value));
    const uri = mostly(
      fc.constantFrom("https://e.com/a.jpg", "http://127.0.0.1:9/x.mp4", "https://e.com/a%20b.jpg", "urn:isbn:1"),
      fc.constantFrom(
        "https://e.com/a b.jpg", // WHATWG URL accepts these three; RFC 3986 (and the schema) do not
        " https://e.com/a.jpg",
        "https://e.com/a{b}.jpg",
        "not a url",
        "/rel.png",
        "",
        5,
      ),
    );
    const params = sometimesStray(
      fc.record(
        {
          image: uri,
          last_frame: uri,
          first_clip: uri,
          audio: uri,
          resolution: mostly(fc.constantFrom("720p", "1080p"), fc.constantFrom("480p", "1080P")),
          aspect_ratio: mostly(fc.constantFrom("16:9", "9:16", "1:1", "4:3", "3:4"), fc.constant("21:9")),
          duration: mostly(fc.integer({ min: 2, max: 15 }), fc.constantFrom(1, 16, 2.5, "5", null)),
          negative_prompt: mostly(fc.string({ maxLength: 10 }), fc.constantFrom("n".repeat(2501), null)),
          enable_prompt_expansion: mostly(fc.boolean(), fc.constant("true")),
          seed: mostly(fc.integer(), fc.constantFrom(0.5, "7")),
        },
        { requiredKeys: [] },
      ),
    );
    const body = sometimesStray(
      fc.record(
        {
          prompt: mostly(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("", "q".repeat(5001), 42)),
          model: mostly(fc.constant("wan-2.7"), fc.constant("wan-2.6")),
          wan27Params: mostly(params, fc.constantFrom(null, [])),
          webhookUrl: uri,
          webhookEvents: mostly(
            fc.array(fc.constantFrom("progress", "completed", "failed"), { minLength: 1, maxLength: 3 }),
            fc.constantFrom([], ["done"], "progress"),
          ),
        },
        { requiredKeys: ["prompt", "model"] },
      ),
    );
    const validateSchema = ajv.compile(schemas.GenerateVideoRequest_wan27!);
    const outcomes = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(body, (candidate) => {
        const expected = validateSchema(candidate) && meetsModelRules(candidate);
        const result = validateGenerateRequest(candidate);
        expect(result.ok).toBe(expected);
        outcomes[result.ok ? "accepted" : "rejected"] += 1;
        if (!result.ok) expectSchema("ValidationError", { error: "Validation error", details: result.details });
      }),
      { numRuns: 1000 },
    );
    // Guard against a generator that only ever exercises one side.
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.rejected).toBeGreaterThan(50);
  });
});

describe("idempotency", () => {
  it("returns the same job for the same key and body, charging once, whatever the key order", async () => {
    const body = { ...T2V, wan27Params: { duration: 4, resolution: "720p" } };
    const reordered = { wan27Params: { resolution: "720p", duration: 4 }, model: T2V.model, prompt: T2V.prompt };
    const first = await generate(body, "submission-1");
    const second = await generate(reordered, "submission-1");
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expectSchema("JobAccepted", second.json);
    expect(second.json.jobId).toBe(first.json.jobId);
    const after = await stats();
    expect(after.submissions).toBe(1);
    expect(after.balance).toBe(START_BALANCE - 17 * 4);
  });

  it("replays with the job's current status, even when credits have since run out", async () => {
    await control("/__standin/reset", { balance: 85, jobMs: 0 });
    const first = await generate(T2V, "k");
    expect(first.status).toBe(202);
    const replay = await generate(T2V, "k");
    expect(replay.status).toBe(202);
    expect(replay.json).toEqual({ jobId: first.json.jobId, status: "COMPLETED" });
    expectSchema("JobAccepted", replay.json);
    expect((await stats()).balance).toBe(0);
  });

  it("answers 409 for the same key with a different body", async () => {
    expect((await generate(T2V, "same-key")).status).toBe(202);
    const conflict = await generate({ ...T2V, prompt: "Something else" }, "same-key");
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({ error: "Idempotency key reused with a different request body" });
    expectSchema("ErrorResponse", conflict.json);
    expect((await stats()).submissions).toBe(1);
  });

  it("accepts keys up to 255 characters and rejects longer ones", async () => {
    expect((await generate(T2V, "k".repeat(255))).status).toBe(202);
    const tooLong = await generate(T2V, "k".repeat(256));
    expect(tooLong.status).toBe(400);
    expectSchema("ValidationError", tooLong.json);
  });
});

describe("job lifecycle", () => {
  it("goes QUEUED → PROCESSING → COMPLETED with progress rising monotonically", async () => {
    // 1 s keeps the QUEUED window (15%) wide enough to catch on a busy machine.
    await control("/__standin/reset", { jobMs: 1000 });
    const jobId = await createJob();
    const seen = await pollUntilDone(jobId);
    const statuses = [...new Set(seen.map((job) => job.status))];
    expect(statuses).toEqual(["QUEUED", "PROCESSING", "COMPLETED"]);

    const progress = seen.map((job) => job.progress ?? -1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(seen.filter((job) => job.status === "QUEUED").every((job) => job.progress === 0)).toBe(true);
    const processing = seen.filter((job) => job.status === "PROCESSING");
    expect(processing.every((job) => job.progress! >= 1 && job.progress! <= 99)).toBe(true);
    expect(new Set(processing.map((job) => job.progress)).size).toBeGreaterThan(1);
    expect(
      seen.filter((job) => !["COMPLETED", "FAILED"].includes(job.status)).every((job) => job.completedAt === null),
    ).toBe(true);

    const done = seen.at(-1)!;
    expect(done).toMatchObject({
      id: jobId,
      status: "COMPLETED",
      model: "wan-2.7",
      progress: 100,
      result: { videoUrl: `${standin.url}/files/${jobId}.mp4` },
      error: null,
      creditCost: 85,
      webhookStatus: null,
      input: T2V,
      expired: false,
    });
    expect(Date.parse(done.completedAt!)).toBeGreaterThan(0);
  });

  it("ends FAILED with the chosen message and refunds the cost exactly once", async () => {
    const message = "Content policy violation: the prompt was flagged";
    expect((await control("/__standin/fail-next", { error: message })).status).toBe(200);
    const jobId = await createJob();
    expect((await stats()).balance).toBe(START_BALANCE - 85);

    const done = (await pollUntilDone(jobId)).at(-1)!;
    expect(done).toMatchObject({ status: "FAILED", error: message, creditCost: 0, result: null });
    expect(done.completedAt).not.toBeNull();

    for (let read = 0; read < 3; read += 1) {
      await call(`/v2/jobs/${jobId}`);
      const me = await call<{ team: { credits: number } }>("/v2/me");
      expect(me.json.team.credits).toBe(START_BALANCE);
    }
    expect((await stats()).balance).toBe(START_BALANCE);

    // Only the next new job fails.
    await control("/__standin/reset", { jobMs: 0 });
    const next = (await pollUntilDone(await createJob())).at(-1)!;
    expect(next.status).toBe("COMPLETED");
  });

  it("answers 400 for an id that is not a UUID and 404 for an unknown job", async () => {
    const notUuid = await call("/v2/jobs/not-a-uuid");
    expect(notUuid.status).toBe(400);
    expectSchema("ValidationError", notUuid.json);

    const unknown = await call("/v2/jobs/3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: "Job not found" });
    expectSchema("ErrorResponse", unknown.json);
  });

  it("lists jobs newest first with a cursor", async () => {
    const ids = [await createJob(), await createJob(), await createJob()];
    const first = await call<{ jobs: JobBody[]; nextCursor: string | null; hasMore: boolean }>("/v2/jobs?limit=2");
    expect(first.status).toBe(200);
    expectSchema("JobList", first.json);
    expect(first.json.jobs.map((job) => job.id)).toEqual([ids[2], ids[1]]);
    expect(first.json.hasMore).toBe(true);

    const second = await call<{ jobs: JobBody[]; nextCursor: string | null; hasMore: boolean }>(
      `/v2/jobs?limit=2&cursor=${first.json.nextCursor}`,
    );
    expectSchema("JobList", second.json);
    expect(second.json).toMatchObject({ nextCursor: null, hasMore: false });
    expect(second.json.jobs.map((job) => job.id)).toEqual([ids[0]]);

    const badLimit = await call("/v2/jobs?limit=0");
    expect(badLimit.status).toBe(400);
    expectSchema("ValidationError", badLimit.json);
  });
});

describe("GET /v2/me", () => {
  it("describes the user, the team with the live balance, and the key by its prefix", async () => {
    await createJob();
    const me = await call("/v2/me");
    expect(me.status).toBe(200);
    expectSchema("Me", me.json);
    expect(me.json).toMatchObject({
      user: { email: "dev@example.com", role: "ADMIN" },
      team: {
        name: "Stand-in Team",
        plan: "pro",
        credits: START_BALANCE - 85,
        customerId: null,
        maxConcurrentJobs: 10,
      },
      apiKey: { name: "Stand-in key", prefix: KEY.slice(0, 8) },
    });
    expect(me.text).not.toContain(KEY);
  });
});

describe("unknown routes", () => {
  it.each([
    ["GET", "/v2/nope"],
    ["GET", "/"],
    ["DELETE", "/v2/jobs/3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10"],
    ["GET", "/__standin/nope"],
  ])("%s %s → 404", async (method, path) => {
    const answer = await call(path, { method });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: "Not found" });
  });
});

describe("faults", () => {
  it("queues faults on generate, consumed in order, before any job is created", async () => {
    await control("/__standin/faults", {
      route: "generate",
      faults: [{ kind: "429", retryAfter: 2 }, { kind: "503" }, { kind: "500" }, { kind: "malformed" }],
    });
    const tooMany = await generate(T2V, "retry-me");
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get("retry-after")).toBe("2");
    expect(tooMany.json).toEqual({ error: "Rate limit exceeded" });
    expectSchema("ErrorResponse", tooMany.json);

    const unavailable = await generate(T2V, "retry-me");
    expect(unavailable.status).toBe(503);
    expect(unavailable.json).toEqual({ error: "Service temporarily unavailable" });
    expectSchema("ErrorResponse", unavailable.json);

    const internal = await generate(T2V, "retry-me");
    expect(internal.status).toBe(500);
    expect(internal.json).toEqual({ error: "Internal server error" });
    expectSchema("ErrorResponse", internal.json);

    const malformed = await generate(T2V, "retry-me");
    expect(malformed.status).toBe(202);
    expect(malformed.json).toBeUndefined();
    expect(() => JSON.parse(malformed.text)).toThrow();

    expect((await stats()).submissions).toBe(0);
    expect((await generate(T2V, "retry-me")).status).toBe(202);
    const after = await stats();
    expect(after.submissions).toBe(1);
    expect(after.balance).toBe(START_BALANCE - 85);
    expect(after.pendingFaults).toBe(0);
    expect(after.generateRequests).toEqual(
      [429, 503, 500, 202, 202].map((status) => ({ idempotencyKey: "retry-me", status })),
    );
  });

  it("aims faults at one route and leaves the others alone", async () => {
    await control("/__standin/faults", { route: "job", faults: [{ kind: "503" }] });
    await control("/__standin/faults", { route: "me", faults: [{ kind: "malformed" }] });
    const jobId = await createJob();
    const me = await call("/v2/me");
    expect(me.status).toBe(200);
    expect(me.json).toBeUndefined();
    expect((await call(`/v2/jobs/${jobId}`)).status).toBe(503);
    expect((await call(`/v2/jobs/${jobId}`)).status).toBe(200);
  });

  it("delays a slow answer, then answers normally", async () => {
    await control("/__standin/faults", { route: "me", faults: [{ kind: "slow", ms: 250 }] });
    const started = Date.now();
    const me = await call("/v2/me");
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(me.status).toBe(200);
    expectSchema("Me", me.json);
  });

  it("drops the connection without creating a job", async () => {
    await control("/__standin/faults", { route: "generate", faults: [{ kind: "drop" }] });
    await expect(generate(T2V, "d")).rejects.toThrow();
    const after = await stats();
    expect(after.submissions).toBe(0);
    expect(after.generateRequests).toEqual([{ idempotencyKey: "d", status: 0 }]);
  });

  it("drop-after-accept creates the job, and a keyed retry gets that same job", async () => {
    await control("/__standin/faults", { faults: [{ kind: "drop-after-accept" }] });
    // An "any" drop-after-accept is only taken by a generate request.
    expect((await call("/v2/me")).status).toBe(200);
    await expect(generate(T2V, "lost-answer")).rejects.toThrow();
    const lost = await stats();
    expect(lost.submissions).toBe(1);

    const retry = await generate(T2V, "lost-answer");
    expect(retry.status).toBe(202);
    expect(retry.json.jobId).toBe(lost.jobs[0]);
    const after = await stats();
    expect(after.submissions).toBe(1);
    expect(after.balance).toBe(START_BALANCE - 85);
  });

  it("rejects an unknown fault kind or route", async () => {
    const answer = await control("/__standin/faults", { route: "everything", faults: [{ kind: "418" }] });
    expect(answer.status).toBe(400);
    expectSchema("ValidationError", answer.json);
    expect(Object.keys(answer.json.details as object).sort()).toEqual(["faults.0.kind", "route"]);
    expect((await stats()).pendingFaults).toBe(0);
  });
});

describe("GET /files/<id>.mp4", () => {
  async function completedVideoUrl() {
    await control("/__standin/reset", { jobMs: 0 });
    const done = (await pollUntilDone(await createJob())).at(-1)!;
    return done.result!.videoUrl.slice(standin.url.length);
  }

  async function getBytes(path: string, headers: Record<string, string> = {}, method = "GET") {
    const response = await fetch(`${standin.url}${path}`, { method, headers });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it("serves the whole MP4 without auth", async () => {
    const { response, bytes } = await getBytes(await completedVideoUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(Number(response.headers.get("content-length"))).toBe(sampleVideo.length);
    expect(bytes.equals(sampleVideo)).toBe(true);
  });

  it.each([
    ["bytes=0-99", 0, 99],
    ["bytes=100-", 100, sampleVideo.length - 1],
    ["bytes=-500", sampleVideo.length - 500, sampleVideo.length - 1],
    ["bytes=0-99999999", 0, sampleVideo.length - 1],
  ])("answers Range %s with 206", async (range, start, end) => {
    const { response, bytes } = await getBytes(await completedVideoUrl(), { Range: range });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${sampleVideo.length}`);
    expect(bytes.equals(sampleVideo.subarray(start, end + 1))).toBe(true);
  });

  it("answers 416 past the end, HEAD without a body, and 404 for unknown or unfinished jobs", async () => {
    const path = await completedVideoUrl();
    const past = await getBytes(path, { Range: `bytes=${sampleVideo.length}-` });
    expect(past.response.status).toBe(416);
    expect(past.response.headers.get("content-range")).toBe(`bytes */${sampleVideo.length}`);

    const head = await getBytes(path, {}, "HEAD");
    expect(head.response.status).toBe(200);
    expect(Number(head.response.headers.get("content-length"))).toBe(sampleVideo.length);
    expect(head.bytes.length).toBe(0);

    expect((await getBytes("/files/3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10.mp4")).response.status).toBe(404);
    await control("/__standin/reset", { jobMs: 60_000 });
    expect((await getBytes(`/files/${await createJob()}.mp4`)).response.status).toBe(404);
  });

  it("parses ranges per RFC 9110", () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange("bytes=0-1,5-6", 100)).toBeNull(); // multi-range: a full 200 is allowed
    expect(parseRange("bytes=9-3", 100)).toBeNull(); // invalid: ignored
    expect(parseRange("items=0-1", 100)).toBeNull();
    expect(parseRange("bytes=-0", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(), fc.nat(), (size, a, b) => {
        const start = a % size;
        const end = start + (b % (size - start));
        expect(parseRange(`bytes=${start}-${end}`, size)).toEqual({ start, end });
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Uploads
// ---------------------------------------------------------------------------------------------

const MB = 1024 * 1024;
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
/** The opening box of an MP4 file ("ftyp", major brand "isom"). */
const MP4_HEAD = Buffer.from([0, 0, 0, 0x20, ...Buffer.from("ftypisom")]);

/** Bytes that start with `head` and are padded with zeros to `size`. */
function fileOf(head: Buffer, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  head.copy(bytes);
  return bytes;
}

interface UploadBody {
  id: string;
  url: string;
  kind: string;
  contentType: string;
  byteSize: number;
  expiresAt: string;
  error?: string;
}

function uploadFile(
  bytes: Uint8Array | null,
  name = "dot.png",
  options: { type?: string; idempotencyKey?: string; key?: string | null; part?: string } = {},
) {
  const form = new FormData();
  if (bytes !== null)
    form.append(options.part ?? "file", new Blob([new Uint8Array(bytes)], { type: options.type }), name);
  return call<UploadBody>("/v2/uploads", {
    method: "POST",
    body: form,
    key: options.key,
    headers: options.idempotencyKey === undefined ? {} : { "Idempotency-Key": options.idempotencyKey },
  });
}

describe("POST /v2/uploads", () => {
  it("hosts a PNG: 201 typed from its bytes, whatever it is called and declared as", async () => {
    const answer = await uploadFile(PNG, "my photo (1).PNG", { type: "application/octet-stream" });
    expect(answer.status).toBe(201);
    expectSchema("Upload", answer.json);
    expect(answer.json).toMatchObject({ kind: "image", contentType: "image/png", byteSize: PNG.length });
    expect(answer.json.url).toBe(`${standin.url}/uploads/${answer.json.id}/my_photo_1_.PNG`);
    expect(Date.parse(answer.json.expiresAt)).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
    expect((await stats()).uploads).toBe(1);
  });

  it("serves the upload's bytes at its URL without a key, like a CDN", async () => {
    const { json } = await uploadFile(PNG);
    const response = await fetch(json.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);

    const part = await fetch(json.url, { headers: { Range: "bytes=0-7" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(0, 8))).toBe(true);
  });

  it("answers 404 for an unknown upload or a name it was not given", async () => {
    const { json } = await uploadFile(PNG);
    expect((await fetch(json.url.replace(/dot\.png$/, "other.png"))).status).toBe(404);
    const unknown = await call(`/uploads/3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10/dot.png`, { key: null });
    expect(unknown.status).toBe(404);
    expectSchema("ErrorResponse", unknown.json);
  });

  it.each([
    [
      "a file apiframe does not take",
      () => uploadFile(Buffer.from("just some text"), "notes.png", { type: "image/png" }),
    ],
    ["an empty file", () => uploadFile(Buffer.alloc(0), "empty.png")],
    ["no file part", () => uploadFile(PNG, "dot.png", { part: "image" })],
    ["a body that is not multipart", () => call("/v2/uploads", { method: "POST", body: { file: "dot.png" } })],
  ])("answers 400 with an error for %s, storing nothing", async (_case, send) => {
    const answer = await send();
    expect(answer.status).toBe(400);
    expectSchema("ErrorResponse", answer.json);
    expect(Object.keys(answer.json)).toEqual(["error"]);
    expect((await stats()).uploads).toBe(0);
  });

  it("takes a 26 MB video but not a 26 MB image", async () => {
    const image = await uploadFile(fileOf(PNG, 26 * MB), "big.png");
    expect(image.status).toBe(400);
    expect(image.json.error).toMatch(/too large/);
    const video = await uploadFile(fileOf(MP4_HEAD, 26 * MB), "big.mp4");
    expect(video.status).toBe(201);
    expect(video.json).toMatchObject({ kind: "video", contentType: "video/mp4", byteSize: 26 * MB });
  });

  it("answers 400 for a body past its 51 MB cap", async () => {
    const answer = await uploadFile(fileOf(MP4_HEAD, 52 * MB), "huge.mp4");
    expect(answer.status).toBe(400);
    expectSchema("ErrorResponse", answer.json);
    expect((await stats()).uploads).toBe(0);
  });

  it("answers a replay of the same key with the same upload, and 409 for another file", async () => {
    const first = await uploadFile(PNG, "dot.png", { idempotencyKey: "upload-1" });
    const replay = await uploadFile(PNG, "dot.png", { idempotencyKey: "upload-1" });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect((await stats()).uploads).toBe(1);

    const other = await uploadFile(fileOf(MP4_HEAD, 100), "clip.mp4", { idempotencyKey: "upload-1" });
    expect(other.status).toBe(409);
    expectSchema("ErrorResponse", other.json);
  });

  it("answers a 502 fault with apiframe's CDN error, stores nothing, then uploads", async () => {
    await control("/__standin/faults", { route: "upload", faults: [{ kind: "502" }] });
    const failed = await uploadFile(PNG, "dot.png", { idempotencyKey: "retry-upload" });
    expect(failed.status).toBe(502);
    expect(failed.json).toEqual({ error: "Failed to upload file to CDN" });
    expectSchema("ErrorResponse", failed.json);
    expect((await stats()).uploads).toBe(0);

    const retried = await uploadFile(PNG, "dot.png", { idempotencyKey: "retry-upload" });
    expect(retried.status).toBe(201);
    expect((await stats()).pendingFaults).toBe(0);
  });

  it("takes faults queued for any route, and leaves upload faults to uploads", async () => {
    await control("/__standin/faults", { route: "upload", faults: [{ kind: "503" }] });
    expect((await call("/v2/me")).status).toBe(200);
    await control("/__standin/faults", { faults: [{ kind: "malformed" }] });
    // Queued order holds: the upload's own 503 first, then the "any" fault.
    expect((await uploadFile(PNG)).status).toBe(503);
    const malformed = await uploadFile(PNG);
    expect(malformed.status).toBe(201);
    expect(malformed.json).toBeUndefined();
  });

  it("drop-after-accept stores the upload, and a keyed retry gets that same upload", async () => {
    await control("/__standin/faults", { route: "upload", faults: [{ kind: "drop-after-accept" }] });
    await expect(uploadFile(PNG, "dot.png", { idempotencyKey: "lost-upload" })).rejects.toThrow();
    expect((await stats()).uploads).toBe(1);
    const retry = await uploadFile(PNG, "dot.png", { idempotencyKey: "lost-upload" });
    expect(retry.status).toBe(201);
    expect((await stats()).uploads).toBe(1);
    expect((await fetch(retry.json.url)).status).toBe(200);
  });

  it("forgets the oldest uploads once the stored bytes pass the cap", () => {
    const state = new StandinState({ balance: 0, jobMs: 0, maxStoredUploadBytes: 100 });
    const store = (id: string) =>
      state.storeUpload(id, { name: "f.png", bytes: Buffer.alloc(40), contentType: "image/png", expiresAt: Infinity });
    store("a");
    store("b");
    store("c");
    expect(state.getUpload("a")).toBeUndefined();
    expect(state.getUpload("b")).toBeDefined();
    expect(state.getUpload("c")).toBeDefined();
    expect(state.storedUploadBytes).toBe(80);
  });
});

describe("sniffMedia", () => {
  const ascii = (text: string) => Buffer.from(text, "latin1");
  it.each([
    ["PNG", PNG, "image", "image/png"],
    ["JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0]), "image", "image/jpeg"],
    ["GIF", ascii("GIF89a\x01\x00"), "image", "image/gif"],
    ["WebP", ascii("RIFF\x24\x00\x00\x00WEBPVP8 "), "image", "image/webp"],
    ["MP4", MP4_HEAD, "video", "video/mp4"],
    ["MOV", ascii("\x00\x00\x00\x14ftypqt  "), "video", "video/quicktime"],
    ["WebM", Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]), "video", "video/webm"],
    ["WAV", ascii("RIFF\x24\x00\x00\x00WAVEfmt "), "audio", "audio/wav"],
    ["MP3 with an ID3 tag", ascii("ID3\x04\x00"), "audio", "audio/mpeg"],
    ["MP3 from its first frame", Buffer.from([0xff, 0xfb, 0x90, 0x64]), "audio", "audio/mpeg"],
    ["OGG", ascii("OggS\x00\x02"), "audio", "audio/ogg"],
    ["M4A", ascii("\x00\x00\x00\x20ftypM4A "), "audio", "audio/mp4"],
  ])("knows %s", (_name, bytes, kind, contentType) => {
    expect(sniffMedia(bytes)).toEqual({ kind, contentType });
  });

  it.each([
    ["text", ascii("hello")],
    ["nothing", Buffer.alloc(0)],
    ["AAC (ADTS), which shares MP3's frame sync", Buffer.from([0xff, 0xf1, 0x50, 0x80])],
    ["a RIFF that is neither WebP nor WAV", ascii("RIFF\x24\x00\x00\x00AVI LIST")],
  ])("refuses %s", (_name, bytes) => {
    expect(sniffMedia(bytes)).toBeNull();
  });

  it("makes file names safe for a URL path, keeping the extension", () => {
    expect(sanitiseFileName("C:\\Users\\me\\holiday pic (2).jpg")).toBe("holiday_pic_2_.jpg");
    expect(sanitiseFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFileName(".hidden")).toBe("hidden");
    expect(sanitiseFileName("日本.png")).toBe("png");
    expect(sanitiseFileName("")).toBe("file");
    expect(sanitiseFileName(`${"x".repeat(300)}.webm`)).toMatch(/^x{95}\.webm$/);
  });
});

describe("CLI", () => {
  it("starts from env, prints one line, serves, and exits cleanly on SIGTERM", async () => {
    const serverPath = fileURLToPath(new URL("./server.mjs", import.meta.url));
    const child = spawn(process.execPath, [serverPath], {
      env: { ...process.env, STANDIN_PORT: "0", STANDIN_API_KEYS: "afk_cli_one, afk_cli_two", STANDIN_BALANCE: "123" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no startup line within 5 s")), 5000);
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("\n")) {
            clearTimeout(timer);
            resolve(output.split("\n")[0]!);
          }
        });
        child.once("exit", () => reject(new Error(`exited early: ${output}`)));
      });
      const match = /^apiframe stand-in listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      expect(match).not.toBeNull();
      const base = match![1];
      const me = await fetch(`${base}/v2/me`, { headers: { "X-API-Key": "afk_cli_two" } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ team: { credits: 123 }, apiKey: { prefix: "afk_cli_" } });
      expect((await fetch(`${base}/v2/me`, { headers: { "X-API-Key": KEY } })).status).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
