import "server-only";
import { z } from "zod";
import { AppError, parseRetryAfter, redactSecrets, type FieldMessages } from "@/lib/errors";
import { JOB_STATUSES, isJobId, type AccountSummary, type JobStatus, type JobView } from "@/lib/job";
import { UPLOAD_KINDS, type UploadView } from "@/lib/uploads";
import type { GenerateVideoBody } from "@/lib/wan27/body";
import { WAN27_PARAM_NAMES } from "@/lib/wan27/params";
import { isHttpUrl } from "@/lib/wan27/schema";
import { getServerEnv } from "./env";

/**
 * The one client for apiframe v2. It owns the base URL, the key header,
 * timeouts, retries and the reshaping of apiframe's JSON into the app's types;
 * every failure leaves it as an AppError. The key is only ever put in the
 * `X-API-Key` header: never in a message, a log line or a URL.
 */

export interface ApiframeClientOptions {
  apiKey: string;
  /** Without a trailing slash. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Waits between retries (injected in tests). */
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for the backoff jitter (injected in tests). */
  random?: () => number;
  /** For `Retry-After` dates (injected in tests). */
  now?: () => number;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Per upload attempt: sending up to 50 MB takes longer than a JSON call. */
  uploadTimeoutMs?: number;
  /** Retries after the first attempt, for 5xx, timeouts and dropped connections. */
  maxRetries?: number;
}

export interface ApiframeClient {
  /** Sends the job. The same `idempotencyKey` on every attempt makes retries safe. */
  submit(body: GenerateVideoBody, idempotencyKey: string): Promise<{ jobId: string; status: JobStatus }>;
  getJob(id: string): Promise<JobView>;
  getMe(): Promise<AccountSummary>;
  /** Hosts a file on apiframe's CDN for 1–2 hours. The same `idempotencyKey` on every attempt makes retries safe. */
  upload(file: Blob, filename: string, idempotencyKey: string): Promise<UploadView>;
}

// The SDK's backoff shape; the cap is lower so a request waiting on retries
// still answers the browser within a reasonable time.
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4000;
/** When a 429 carries no usable `Retry-After`. */
const DEFAULT_RETRY_AFTER_S = 5;

/** Upstream JSON paths → composer field names, so apiframe's messages land beside the right input. */
const FIELD_FOR_PATH: Readonly<Record<string, string>> = {
  prompt: "prompt",
  model: "form",
  ...Object.fromEntries(Object.entries(WAN27_PARAM_NAMES).map(([field, wire]) => [`wan27Params.${wire}`, field])),
};

// 2xx bodies, read leniently: zod drops unknown keys, and only what the app
// uses is required.
const jobAcceptedSchema = z.object({
  jobId: z.string().refine(isJobId, "jobId is not a UUID"),
  status: z.enum(JOB_STATUSES),
});

const jobSchema = z.object({
  id: z.string().min(1),
  status: z.enum(JOB_STATUSES),
  progress: z.number().nullish(),
  result: z.unknown().optional(),
  error: z.string().nullish(),
  creditCost: z.number().nullish(),
  createdAt: z.string(),
  completedAt: z.string().nullish(),
  expired: z.boolean().optional(),
});

const meSchema = z.object({
  team: z
    .object({
      credits: z.number().finite().nonnegative(),
      name: z.string().nullish(),
      plan: z.string().nullish(),
    })
    .nullish(),
});

// Error bodies are read only for their extras, and never trusted to be well formed.
const validationErrorSchema = z.object({ details: z.record(z.string(), z.unknown()) });
const insufficientCreditsSchema = z.object({
  creditsRequired: z.number().finite().nonnegative().optional(),
  creditsAvailable: z.number().finite().nonnegative().optional(),
});
const errorTextSchema = z.object({ error: z.string() });

const uploadSchema = z.object({
  id: z.string().min(1),
  url: z.string().refine(isHttpUrl, "url is not an http(s) address"),
  kind: z.enum(UPLOAD_KINDS),
  contentType: z.string().min(1),
  byteSize: z.number().int().nonnegative(),
  expiresAt: z.string().min(1),
});

/**
 * apiframe's own words on a refused file ("File too large") say more than
 * ours could, but they go to the page, so only a short line of plain text
 * passes: no markup, no JSON, no stack trace.
 */
function uploadRejected(json: unknown): AppError {
  const parsed = errorTextSchema.safeParse(json);
  const text = parsed.success ? parsed.data.error.trim() : "";
  const plain = text.length > 0 && text.length <= 200 && !/[\u0000-\u001f\u007f<>{}[\]]/.test(text);
  if (!plain) return new AppError("invalid_request", "apiframe did not accept this file.");
  return new AppError("invalid_request", `apiframe did not accept this file: ${text}${/[.!?]$/.test(text) ? "" : "."}`);
}

/** `result` is `{ videoUrl }` on current jobs and a bare URL string in older examples. */
function videoUrlOf(result: unknown): string | null {
  const url =
    typeof result === "string"
      ? result
      : typeof result === "object" && result !== null && "videoUrl" in result
        ? result.videoUrl
        : null;
  // Only a web address may reach a <video src> or a download link.
  return typeof url === "string" && isHttpUrl(url) ? url : null;
}

function toJobView(job: z.infer<typeof jobSchema>): JobView {
  const progress = job.progress == null ? null : Math.min(100, Math.max(0, Math.round(job.progress)));
  return {
    id: job.id,
    status: job.status,
    progress,
    videoUrl: videoUrlOf(job.result),
    error: job.error ?? null,
    creditsCharged: job.creditCost ?? null,
    createdAt: job.createdAt,
    completedAt: job.completedAt ?? null,
    expired: job.expired ?? false,
  };
}

/** apiframe's `details` (JSON path → messages) as messages per composer field. */
function fieldsFromDetails(details: Record<string, unknown>): FieldMessages {
  const fields: FieldMessages = {};
  for (const [path, value] of Object.entries(details)) {
    const messages = (Array.isArray(value) ? value : [value])
      .filter((m): m is string => typeof m === "string" && m.trim() !== "")
      .map((m) => m.slice(0, 500));
    if (messages.length === 0) continue;
    const field = FIELD_FOR_PATH[path] ?? "form";
    // On the form-level list, say which part of the request a message is about.
    const shown = field === "form" && path !== "" ? messages.map((m) => `${path}: ${m}`) : messages;
    (fields[field] ??= []).push(...shown);
  }
  return fields;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: AppError; retry: boolean };

interface Call<T> {
  method: "GET" | "POST";
  path: string;
  schema: z.ZodType<T>;
  /**
   * JSON text, or a FormData that fetch encodes as multipart with a boundary
   * of its own. Either can be sent again as is (a FormData is not a one-shot
   * stream), which is what lets a retry reuse the same call.
   */
  body?: string | FormData;
  idempotencyKey?: string;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** What a 400 means here, when it is not the generate body's validation error. */
  rejected?: (json: unknown) => AppError;
}

export function createApiframeClient(options: ApiframeClientOptions): ApiframeClient {
  const {
    apiKey,
    baseUrl,
    fetch: fetchImpl = globalThis.fetch,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random = Math.random,
    now = Date.now,
    timeoutMs = 15_000,
    uploadTimeoutMs = 120_000,
    maxRetries = 2,
  } = options;

  /** One line per failed upstream call, safe to ship to any log. */
  function logFailure(call: Call<unknown>, attempt: number, outcome: string, requestId: string | null, note = "") {
    let line =
      `[apiframe] ${call.method} ${call.path} -> ${outcome}` +
      ` (attempt ${attempt + 1}/${maxRetries + 1}${requestId ? `, x-request-id ${requestId}` : ""})` +
      (note ? `: ${note}` : "");
    // Belt and braces: the key is never put into `note`, but a log must not be the place it leaks.
    line = redactSecrets(line.split(apiKey).join("[redacted]"));
    console.error(line);
  }

  /** Reads a JSON body; `undefined` when it is not JSON. Throws only when the connection fails. */
  async function readJson(res: Response): Promise<unknown> {
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }

  function fromTransportFailure(call: Call<unknown>, attempt: number, cause: unknown): Attempt<never> {
    // AbortSignal.timeout aborts with a DOMException named "TimeoutError";
    // anything else thrown by fetch (a TypeError) is a refused or dropped connection.
    const timedOut = cause instanceof Error && cause.name === "TimeoutError";
    const reason = cause instanceof Error ? `${cause.name}${errorCode(cause.cause)}` : "unknown";
    const ms = call.timeoutMs ?? timeoutMs;
    logFailure(call, attempt, timedOut ? `timeout after ${ms} ms` : "connection failed", null, reason);
    return {
      ok: false,
      retry: true,
      error: new AppError(timedOut ? "upstream_timeout" : "upstream_unavailable", undefined, { cause }),
    };
  }

  async function attempt<T>(call: Call<T>, attemptNo: number): Promise<Attempt<T>> {
    const headers: Record<string, string> = { "X-API-Key": apiKey, Accept: "application/json" };
    // A FormData gets its multipart Content-Type, boundary included, from fetch.
    if (typeof call.body === "string") headers["Content-Type"] = "application/json";
    if (call.idempotencyKey !== undefined) headers["Idempotency-Key"] = call.idempotencyKey;

    let res: Response;
    let json: unknown;
    try {
      res = await fetchImpl(`${baseUrl}${call.path}`, {
        method: call.method,
        headers,
        body: call.body,
        // Covers the whole exchange, body included: a stalled stream also times out.
        signal: AbortSignal.timeout(call.timeoutMs ?? timeoutMs),
        cache: "no-store",
      });
      json = await readJson(res);
    } catch (cause) {
      return fromTransportFailure(call, attemptNo, cause);
    }

    const requestId = res.headers.get("x-request-id");
    const upstreamText = errorTextSchema.safeParse(json);
    const note = upstreamText.success ? upstreamText.data.error.slice(0, 200) : "";
    const fail = (error: AppError, retry = false): Attempt<T> => {
      logFailure(call, attemptNo, String(res.status), requestId, note);
      return { ok: false, error, retry };
    };

    if (res.ok) {
      const parsed = call.schema.safeParse(json);
      if (parsed.success) return { ok: true, value: parsed.data };
      const why =
        json === undefined
          ? "body is not JSON"
          : parsed.error.issues
              .slice(0, 3)
              .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
              .join("; ");
      logFailure(call, attemptNo, `${res.status} unreadable`, requestId, why);
      return { ok: false, retry: false, error: new AppError("bad_upstream_response") };
    }

    switch (res.status) {
      case 400: {
        if (call.rejected) return fail(call.rejected(json));
        const details = validationErrorSchema.safeParse(json);
        const fields = details.success ? fieldsFromDetails(details.data.details) : {};
        return fail(
          Object.keys(fields).length > 0
            ? new AppError(
                "invalid_request",
                "apiframe did not accept some fields. Fix the ones marked and send again.",
                { fields },
              )
            : new AppError("invalid_request", "apiframe did not accept the request."),
        );
      }
      case 401:
      case 403:
        return fail(new AppError("unauthorized"));
      case 402: {
        const credits = insufficientCreditsSchema.safeParse(json);
        return fail(new AppError("insufficient_credits", undefined, credits.success ? credits.data : {}));
      }
      case 404:
        return fail(new AppError("not_found"));
      case 409:
        return fail(new AppError("idempotency_conflict"));
      case 429: {
        // Not retried here: the browser waits and resends with the same key,
        // instead of a server request hanging for an unknown time.
        const retryAfter = parseRetryAfter(res.headers.get("retry-after"), now()) ?? DEFAULT_RETRY_AFTER_S;
        return fail(new AppError("rate_limited", undefined, { retryAfter }));
      }
    }
    if (res.status === 504) return fail(new AppError("upstream_timeout"), true);
    if (res.status >= 500) return fail(new AppError("upstream_unavailable"), true);
    // A status apiframe does not document (3xx, 405, 413, …): nothing to act on.
    return fail(new AppError("bad_upstream_response"));
  }

  async function request<T>(call: Call<T>): Promise<T> {
    for (let attemptNo = 0; ; attemptNo++) {
      const result = await attempt(call, attemptNo);
      if (result.ok) return result.value;
      if (!result.retry || attemptNo >= maxRetries) throw result.error;
      // Full jitter: a random wait up to the exponential ceiling spreads out
      // clients that failed together. A POST keeps its Idempotency-Key, so a
      // retry of a request that did arrive returns the same job or upload, not a second one.
      await sleep(Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attemptNo)));
    }
  }

  return {
    submit(body, idempotencyKey) {
      return request({
        method: "POST",
        path: "/v2/videos/generate",
        schema: jobAcceptedSchema,
        body: JSON.stringify(body),
        idempotencyKey,
      });
    },
    async getJob(id) {
      const job = await request({ method: "GET", path: `/v2/jobs/${encodeURIComponent(id)}`, schema: jobSchema });
      return toJobView(job);
    },
    async getMe() {
      const me = await request({ method: "GET", path: "/v2/me", schema: meSchema });
      // A caller without a team has no balance to spend.
      return { credits: me.team?.credits ?? 0, teamName: me.team?.name ?? null, plan: me.team?.plan ?? null };
    },
    async upload(file, filename, idempotencyKey) {
      const form = new FormData();
      form.append("file", file, filename);
      const { url, kind, contentType, byteSize, expiresAt } = await request({
        method: "POST",
        path: "/v2/uploads",
        schema: uploadSchema,
        body: form,
        idempotencyKey,
        timeoutMs: uploadTimeoutMs,
        rejected: uploadRejected,
      });
      return { url, kind, contentType, byteSize, expiresAt };
    },
  };
}

/**
 * The client for this server's configuration. Throws AppError
 * `not_configured` when no key is set, so routes answer 503 with a hint.
 */
export function apiframe(): ApiframeClient {
  const env = getServerEnv();
  if (!env.apiframeApiKey) throw new AppError("not_configured");
  return createApiframeClient({ apiKey: env.apiframeApiKey, baseUrl: env.apiframeBaseUrl });
}

function errorCode(cause: unknown): string {
  // undici puts the reason (ECONNRESET, ENOTFOUND, …) on `cause.code`.
  if (typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string") {
    return ` (${cause.code})`;
  }
  return "";
}
