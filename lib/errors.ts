/**
 * The one error type of the app. Route handlers answer with it (`errorResponse`),
 * the browser rebuilds it from that JSON (`errorFromResponse`), and both sides
 * decide on `code`, never on message text. Messages are written for a person
 * using the app; upstream detail stays in the server log.
 *
 * Isomorphic: no server-only imports.
 */
import * as z from "zod/mini";
import { formatNumber as fmt } from "./format";

export const ERROR_CODES = [
  "invalid_request",
  "not_configured",
  "unauthorized",
  "insufficient_credits",
  "rate_limited",
  "idempotency_conflict",
  "not_found",
  "upstream_unavailable",
  "upstream_timeout",
  "bad_upstream_response",
  "network",
  // Not an upstream answer: an unexpected fault in our own server code. The
  // 500 answer still needs a code, and naming it honestly beats borrowing one.
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Messages per composer field name ("prompt", "duration", "firstClip", …, or "form"). */
export type FieldMessages = Partial<Record<string, string[]>>;

interface CodeInfo {
  /** The HTTP status our routes answer with (0: the browser's fetch itself failed). */
  status: number;
  /** Worth trying again later with the same request (the poller and the submit button use this). */
  retryable: boolean;
  message: string;
}

const CODES: Record<ErrorCode, CodeInfo> = {
  invalid_request: { status: 400, retryable: false, message: "Some fields need fixing before this can be sent." },
  not_configured: {
    // 503: the service is not usable until someone sets it up; not the caller's fault.
    status: 503,
    retryable: false,
    message:
      "The server has no apiframe key: set APIFRAME_API_KEY in .env.local, or run `npm run dev:standin` to try it against the local stand-in.",
  },
  unauthorized: {
    // 502, not 401: the browser is not the one who failed to authenticate; our
    // server's key was refused upstream, and only whoever runs it can fix that.
    status: 502,
    retryable: false,
    message:
      "The server's API key is missing, invalid or inactive. Ask whoever runs this server to check APIFRAME_API_KEY.",
  },
  insufficient_credits: {
    status: 402,
    retryable: false,
    message: "The account does not have enough credits for this request. Top up in the apiframe console.",
  },
  rate_limited: {
    status: 429,
    retryable: true,
    message: "apiframe is receiving too many requests. Try again shortly.",
  },
  idempotency_conflict: {
    status: 409,
    retryable: false,
    message: "This submission was already sent with different settings. Submit again to send it as a new request.",
  },
  not_found: {
    status: 404,
    retryable: false,
    message: "That job was not found. It may belong to another account or may have been removed.",
  },
  upstream_unavailable: {
    status: 503,
    retryable: true,
    message: "apiframe is temporarily unavailable. Try again in a moment.",
  },
  upstream_timeout: {
    status: 504,
    retryable: true,
    message: "apiframe took too long to answer. Try again in a moment.",
  },
  bad_upstream_response: {
    status: 502,
    retryable: true,
    message: "apiframe sent an answer this app could not read. Try again in a moment.",
  },
  network: {
    status: 0,
    retryable: true,
    message: "Could not reach the server. Check your connection and try again.",
  },
  internal: {
    status: 500,
    retryable: true,
    message: "Something went wrong on the server. Try again; if it keeps happening, check the server log.",
  },
};

export function insufficientCreditsMessage(required?: number, available?: number): string {
  if (required === undefined || available === undefined) return CODES.insufficient_credits.message;
  return `This request needs ${fmt(required)} credits; the account has ${fmt(available)}. Top up in the apiframe console, or make the video shorter.`;
}

export function rateLimitedMessage(retryAfter?: number): string {
  if (retryAfter === undefined) return CODES.rate_limited.message;
  return `apiframe is receiving too many requests. Try again in ${fmt(retryAfter)} second${retryAfter === 1 ? "" : "s"}.`;
}

export interface AppErrorOptions {
  /** Overrides the code's usual status (e.g. the status a response really had). */
  status?: number;
  fields?: FieldMessages;
  retryAfter?: number;
  creditsRequired?: number;
  creditsAvailable?: number;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  /** The HTTP status our route answers with. */
  readonly status: number;
  readonly fields?: FieldMessages;
  /** Seconds to wait before trying again. */
  readonly retryAfter?: number;
  readonly creditsRequired?: number;
  readonly creditsAvailable?: number;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message?: string, options: AppErrorOptions = {}) {
    super(message ?? defaultMessage(code, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? CODES[code].status;
    this.retryable = CODES[code].retryable;
    // Only defined keys are set, so the JSON body carries no `undefined` noise.
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    if (options.creditsRequired !== undefined) this.creditsRequired = options.creditsRequired;
    if (options.creditsAvailable !== undefined) this.creditsAvailable = options.creditsAvailable;
  }
}

function defaultMessage(code: ErrorCode, o: AppErrorOptions): string {
  if (code === "insufficient_credits") return insufficientCreditsMessage(o.creditsRequired, o.creditsAvailable);
  if (code === "rate_limited") return rateLimitedMessage(o.retryAfter);
  return CODES[code].message;
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/**
 * Any thrown value as an AppError. A TypeError is what `fetch` throws when the
 * connection fails, so it reads as `network`; anything else is `internal`.
 */
export function asAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  if (value instanceof TypeError) return new AppError("network", undefined, { cause: value });
  return new AppError("internal", undefined, { cause: value });
}

/** The JSON body of every error our routes answer with. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: FieldMessages;
    retryAfter?: number;
    creditsRequired?: number;
    creditsAvailable?: number;
  };
}

export function toErrorBody(err: AppError): ApiErrorBody {
  const body: ApiErrorBody["error"] = { code: err.code, message: err.message };
  if (err.fields !== undefined) body.fields = err.fields;
  if (err.retryAfter !== undefined) body.retryAfter = err.retryAfter;
  if (err.creditsRequired !== undefined) body.creditsRequired = err.creditsRequired;
  if (err.creditsAvailable !== undefined) body.creditsAvailable = err.creditsAvailable;
  return { error: body };
}

const count = z.number().check(z.minimum(0));
const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().check(z.minLength(1)),
    fields: z.optional(z.record(z.string(), z.array(z.string()))),
    retryAfter: z.optional(count),
    creditsRequired: z.optional(count),
    creditsAvailable: z.optional(count),
  }),
});

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  // A date already past still means "wait a little", not "hammer now".
  return Math.max(1, Math.ceil((at - now) / 1000));
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 402:
      return "insufficient_credits";
    case 404:
      return "not_found";
    case 409:
      return "idempotency_conflict";
    case 429:
      return "rate_limited";
    case 502:
      return "bad_upstream_response";
    case 503:
      return "upstream_unavailable";
    case 504:
      return "upstream_timeout";
  }
  return status >= 400 && status < 500 ? "invalid_request" : "internal";
}

/**
 * Browser side: the AppError a route answered with, rebuilt from its JSON.
 * When the body is not ours (a proxy's HTML page, a crashed dev server), the
 * code comes from the status and the message is our own: raw text from
 * elsewhere is never shown.
 */
export function errorFromResponse(status: number, json: unknown, headers?: Headers): AppError {
  const parsed = apiErrorBodySchema.safeParse(json);
  if (parsed.success) {
    const { code, message, ...rest } = parsed.data.error;
    return new AppError(code, message, { ...rest, status: status >= 400 ? status : CODES[code].status });
  }
  const code = codeForStatus(status);
  const retryAfter = parseRetryAfter(headers?.get("retry-after"));
  return new AppError(code, undefined, {
    status: status >= 400 ? status : CODES[code].status,
    ...(retryAfter !== undefined && { retryAfter }),
  });
}

const KEY_PATTERN = /afk_[A-Za-z0-9_-]+/g;

/** Masks anything shaped like an apiframe key, for text bound for a log. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERN, "afk_[redacted]");
}

/**
 * Route handlers: the answer for any thrown value. An AppError goes out as
 * its JSON with its status; anything else is a bug, logged here and answered
 * with a generic 500 so no stack trace or internal detail reaches the page.
 */
export function errorResponse(err: unknown): Response {
  let appError: AppError;
  if (err instanceof AppError) {
    appError = err;
  } else {
    const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    console.error(`[api] unexpected error: ${redactSecrets(detail)}`);
    appError = new AppError("internal");
  }
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (appError.retryAfter !== undefined) headers.set("Retry-After", String(Math.ceil(appError.retryAfter)));
  // `network` (0) only exists in the browser; a Response cannot carry it.
  const status = appError.status >= 400 && appError.status <= 599 ? appError.status : 500;
  return Response.json(toErrorBody(appError), { status, headers });
}
