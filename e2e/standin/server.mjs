// @ts-check
/**
 * apiframe v2 stand-in for the `wan-2.7` model.
 *
 * A small loopback HTTP server that answers like apiframe v2 does (see
 * /work/shared/spec/apiframe-contract.md and apiframe-schemas.json), so that e2e tests and a
 * keyless dev mode can run the app end to end without spending credits or touching the network.
 *
 * Deliberately dependency-free (node:http only) and plain JavaScript, so `node server.mjs` runs
 * it without a build step or a TypeScript runner. The request validation is written here from
 * the contract on purpose, NOT imported from the app: a stand-in that shares the app's code
 * would agree with the app's bugs.
 *
 * Jobs need no timers: a job's status is derived from the time elapsed since it was created.
 *
 * Uploads (`POST /v2/uploads`, multipart with one `file` field) are typed from their bytes, kept
 * in memory and served like a CDN at `/uploads/<id>/<name>`. JSON bodies are capped at 1 MB; an
 * upload body at 51 MB (apiframe's 50 MB video limit plus the multipart framing); all stored
 * uploads together at 200 MB, the oldest going first. Enough for tests and a dev session.
 *
 * Run directly:  node e2e/standin/server.mjs
 *   env STANDIN_PORT (4010; 0 = random), STANDIN_API_KEYS (comma separated),
 *   STANDIN_INACTIVE_KEYS (comma separated), STANDIN_BALANCE, STANDIN_JOB_MS, STANDIN_LOG=1.
 */

import { createHash, randomUUID } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} StandinOptions
 * @property {number} [port]            TCP port; 0 picks a free one. Default 4010.
 * @property {string} [host]            Interface to bind. Default "127.0.0.1" (loopback only).
 * @property {string[]} [apiKeys]       Keys accepted by X-API-Key.
 * @property {string[]} [inactiveKeys]  Keys that exist but are deactivated (answer 403).
 * @property {number} [balance]         Starting team credits.
 * @property {number} [jobMs]           How long a job takes from submission to its final status.
 * @property {boolean} [log]            Log one line per request (method, path, status; never keys).
 */

/**
 * @typedef {object} StandinHandle
 * @property {string} url       Origin, e.g. "http://127.0.0.1:4010" (no trailing slash).
 * @property {number} port
 * @property {() => Promise<void>} close  Stops listening and drops open connections. Idempotent.
 * @property {StandinState} state         Live state, for in-process tests.
 */

/** @typedef {"generate" | "job" | "me" | "upload" | "any"} FaultRoute */
/** @typedef {"429" | "502" | "503" | "500" | "slow" | "drop" | "malformed" | "drop-after-accept"} FaultKind */

/**
 * @typedef {object} Fault
 * @property {FaultKind} kind
 * @property {FaultRoute} route
 * @property {number} retryAfter  Seconds, sent as Retry-After on "429".
 * @property {number} ms          Delay for "slow".
 */

/**
 * @typedef {object} StoredJob
 * @property {string} id
 * @property {Record<string, unknown>} input  The submitted body, as parsed.
 * @property {number} cost                    Credits charged at submission.
 * @property {number} durationMs              Run time, fixed at creation.
 * @property {number} startedAt               performance.now() at creation (monotonic).
 * @property {Date} createdAt                 Wall-clock creation time, for the ISO fields.
 * @property {string | null} failure          Error message if this job is set to fail.
 * @property {boolean} refunded               True once a failed job's cost went back.
 */

/** @typedef {"QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED"} JobStatus */

/** @typedef {"image" | "video" | "audio"} UploadKind */

/**
 * @typedef {object} UploadAnswer  The `Upload` schema.
 * @property {string} id
 * @property {string} url
 * @property {UploadKind} kind
 * @property {string} contentType
 * @property {number} byteSize
 * @property {string} expiresAt
 */

/**
 * @typedef {object} StoredUpload
 * @property {string} name         The sanitised file name, the last segment of the URL.
 * @property {Buffer} bytes
 * @property {string} contentType
 * @property {number} expiresAt    Date.now() after which it is gone, as on apiframe's CDN.
 */

/**
 * What a handler decided to answer. The single writer (`writeReply`) turns it into bytes, so
 * handlers stay pure and the generate route can record the final status for the stats.
 * @typedef {{ type: "json", status: number, body: unknown, headers?: Record<string, string> }
 *   | { type: "bytes", status: number, body: Buffer, headers: Record<string, string> }
 *   | { type: "malformed", status: number }
 *   | { type: "drop" }} Reply
 */

/** @typedef {{ ok: true, value: Record<string, unknown> } | { ok: false, details: Record<string, string[]> }} Validation */

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const MODEL = "wan-2.7";
const DEFAULTS = Object.freeze({
  port: 4010,
  host: "127.0.0.1",
  apiKeys: ["afk_standin_local_key"],
  inactiveKeys: ["afk_standin_inactive_key"],
  balance: 4500,
  jobMs: 6000,
  log: false,
});

/** Share of a job's run time spent QUEUED before it starts PROCESSING. */
const QUEUED_SHARE = 0.15;
const DEFAULT_DURATION_S = 5;
const DEFAULT_RESOLUTION = "1080p";
/** Credits per second: text-to-video is flat; image/first_clip input costs more at 1080p. */
const RATE_T2V = 17;
const RATE_I2V_720P = 17;
const RATE_I2V_1080P = 26;

const MAX_BODY_BYTES = 1024 * 1024;
const MB = 1024 * 1024;
/** apiframe's upload limits per kind. */
const MAX_UPLOAD_BYTES = Object.freeze({ image: 25 * MB, audio: 25 * MB, video: 50 * MB });
/** The largest file plus room for the multipart framing around it. */
const MAX_UPLOAD_BODY_BYTES = 51 * MB;
const MAX_STORED_UPLOAD_BYTES = 200 * MB;
/** apiframe removes uploads after about 1–2 hours; the stand-in promises the longer end. */
const UPLOAD_TTL_MS = 2 * 60 * 60 * 1000;
const MAX_IDEMPOTENCY_KEY_CHARS = 255;
/** apiframe keeps an Idempotency-Key for 24 h. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_JOB_MS = 60 * 60 * 1000;
const MAX_SLOW_MS = 60_000;
const MAX_FAULTS_PER_CALL = 100;
const DEFAULT_FAIL_MESSAGE = "Content policy violation: the input was flagged by the provider";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOB_PATH_RE = /^\/v2\/jobs\/([^/]+)$/;
const FILE_PATH_RE = /^\/files\/([^/]+)\.mp4$/;
const UPLOAD_FILE_PATH_RE = /^\/uploads\/([^/]+)\/([^/]+)$/;
const UPLOAD_PATH = "/v2/uploads";

const FAULT_KINDS = /** @type {const} */ ([
  "429",
  "502",
  "503",
  "500",
  "slow",
  "drop",
  "malformed",
  "drop-after-accept",
]);
const FAULT_ROUTES = /** @type {const} */ (["generate", "job", "me", "upload", "any"]);
const JOB_STATUSES = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"];

const SAMPLE_VIDEO_PATH = fileURLToPath(new URL("./sample.mp4", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted at every depth, so two bodies that differ only in key order
 * count as the same request for Idempotency-Key purposes.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * A stable, v4-shaped UUID derived from a seed, so /v2/me ids survive restarts in dev mode.
 * @param {string} seed
 */
function uuidFromSeed(seed) {
  const bytes = createHash("sha256").update(seed).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Absolute URI in the RFC 3986 sense (scheme required), the meaning of JSON Schema's
 * `format: "uri"`. `URL.canParse` without a base already demands a scheme, but it is too
 * lenient on characters (it trims and percent-encodes spaces), hence the extra check.
 * @param {string} value
 */
function isAbsoluteUri(value) {
  return !/[\s\u0000-\u001f\u007f<>"{}|\\^`]/.test(value) && URL.canParse(value);
}

/**
 * @param {number} ms
 * @param {Set<NodeJS.Timeout>} timers  Registry, so close() can cancel pending delays.
 * @returns {Promise<void>}
 */
function sleep(ms, timers) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

/**
 * @param {unknown} value
 * @param {number} min
 * @param {number} max
 * @returns {value is number}
 */
function isIntInRange(value, min, max) {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

// ---------------------------------------------------------------------------------------------
// Validation errors, collected per JSON path like apiframe's `details`
// ---------------------------------------------------------------------------------------------

class Issues {
  constructor() {
    /** @type {Record<string, string[]>} */
    this.details = {};
  }

  /**
   * @param {string} path  Dotted JSON path, e.g. "wan27Params.duration"; "" is the body itself.
   * @param {string} message
   */
  add(path, message) {
    (this.details[path] ??= []).push(message);
  }

  get empty() {
    return Object.keys(this.details).length === 0;
  }
}

/**
 * @param {Issues} issues
 * @param {Record<string, unknown>} object
 * @param {readonly string[]} allowed
 * @param {string} prefix  Path of `object`, "" at the top level.
 */
function rejectUnknownKeys(issues, object, allowed, prefix) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) issues.add(prefix ? `${prefix}.${key}` : key, `Unrecognized key "${key}"`);
  }
}

/**
 * String length is counted in UTF-16 code units, as apiframe's Zod validation does.
 * @param {Issues} issues
 * @param {string} path
 * @param {unknown} value
 * @param {{ min?: number, max?: number }} limits
 */
function checkString(issues, path, value, { min = 0, max = Infinity }) {
  if (typeof value !== "string") return issues.add(path, "Expected string");
  if (value.length < min) issues.add(path, `String must contain at least ${min} character(s)`);
  if (value.length > max) issues.add(path, `String must contain at most ${max} character(s)`);
}

/**
 * @param {Issues} issues
 * @param {string} path
 * @param {unknown} value
 * @param {{ min?: number, max?: number }} limits
 */
function checkInteger(issues, path, value, { min = -Infinity, max = Infinity }) {
  if (typeof value !== "number" || !Number.isFinite(value)) return issues.add(path, "Expected number");
  if (!Number.isInteger(value)) return issues.add(path, "Expected integer");
  if (value < min) issues.add(path, `Number must be greater than or equal to ${min}`);
  if (value > max) issues.add(path, `Number must be less than or equal to ${max}`);
}

/**
 * @param {Issues} issues
 * @param {string} path
 * @param {unknown} value
 * @param {readonly string[]} options
 */
function checkEnum(issues, path, value, options) {
  if (typeof value !== "string" || !options.includes(value)) {
    issues.add(path, `Invalid enum value. Expected ${options.map((o) => `'${o}'`).join(" | ")}`);
  }
}

/**
 * @param {Issues} issues
 * @param {string} path
 * @param {unknown} value
 */
function checkUri(issues, path, value) {
  if (typeof value !== "string") return issues.add(path, "Expected string");
  if (!isAbsoluteUri(value)) issues.add(path, "Invalid url");
}

// ---------------------------------------------------------------------------------------------
// POST /v2/videos/generate: body validation and pricing
// ---------------------------------------------------------------------------------------------

const TOP_LEVEL_KEYS = ["prompt", "model", "wan27Params", "webhookUrl", "webhookEvents"];
const WAN27_KEYS = [
  "image",
  "last_frame",
  "first_clip",
  "audio",
  "resolution",
  "aspect_ratio",
  "duration",
  "negative_prompt",
  "enable_prompt_expansion",
  "seed",
];
const RESOLUTIONS = ["720p", "1080p"];
const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4"];
const WEBHOOK_EVENTS = ["progress", "completed", "failed"];

/**
 * Validates a generate request the way apiframe does for `wan-2.7`: the closed
 * GenerateVideoRequest_wan27 schema plus the model's cross-field rules from wan-2.7.md.
 * Every problem is reported, not just the first, keyed by JSON path.
 * @param {unknown} body  Parsed JSON.
 * @returns {Validation}
 */
export function validateGenerateRequest(body) {
  const issues = new Issues();
  if (!isPlainObject(body)) {
    issues.add("", "Expected object");
    return { ok: false, details: issues.details };
  }
  rejectUnknownKeys(issues, body, TOP_LEVEL_KEYS, "");

  if (!Object.hasOwn(body, "prompt")) issues.add("prompt", "Required");
  else checkString(issues, "prompt", body.prompt, { min: 1, max: 5000 });

  if (!Object.hasOwn(body, "model")) issues.add("model", "Required");
  else checkEnum(issues, "model", body.model, [MODEL]);

  if (Object.hasOwn(body, "webhookUrl")) checkUri(issues, "webhookUrl", body.webhookUrl);
  if (Object.hasOwn(body, "webhookEvents")) checkWebhookEvents(issues, body.webhookEvents);
  if (Object.hasOwn(body, "wan27Params")) checkWan27Params(issues, body.wan27Params);

  return issues.empty ? { ok: true, value: body } : { ok: false, details: issues.details };
}

/**
 * @param {Issues} issues
 * @param {unknown} events
 */
function checkWebhookEvents(issues, events) {
  if (!Array.isArray(events)) return issues.add("webhookEvents", "Expected array");
  if (events.length < 1) issues.add("webhookEvents", "Array must contain at least 1 element(s)");
  events.forEach((event, index) => checkEnum(issues, `webhookEvents.${index}`, event, WEBHOOK_EVENTS));
}

/**
 * @param {Issues} issues
 * @param {unknown} params
 */
function checkWan27Params(issues, params) {
  if (!isPlainObject(params)) return issues.add("wan27Params", "Expected object");
  rejectUnknownKeys(issues, params, WAN27_KEYS, "wan27Params");

  /** @type {Record<string, (path: string, value: unknown) => void>} */
  const fieldChecks = {
    image: (p, v) => checkUri(issues, p, v),
    last_frame: (p, v) => checkUri(issues, p, v),
    first_clip: (p, v) => checkUri(issues, p, v),
    audio: (p, v) => checkUri(issues, p, v),
    resolution: (p, v) => checkEnum(issues, p, v, RESOLUTIONS),
    aspect_ratio: (p, v) => checkEnum(issues, p, v, ASPECT_RATIOS),
    duration: (p, v) => checkInteger(issues, p, v, { min: 2, max: 15 }),
    negative_prompt: (p, v) => checkString(issues, p, v, { max: 2500 }),
    enable_prompt_expansion: (p, v) => {
      if (typeof v !== "boolean") issues.add(p, "Expected boolean");
    },
    seed: (p, v) => checkInteger(issues, p, v, {}),
  };
  for (const [key, check] of Object.entries(fieldChecks)) {
    if (Object.hasOwn(params, key)) check(`wan27Params.${key}`, params[key]);
  }
  checkWan27Rules(issues, params);
}

/**
 * The model rules that the JSON schema cannot express (wan-2.7.md, "Mode" and parameters).
 * @param {Issues} issues
 * @param {Record<string, unknown>} params
 */
function checkWan27Rules(issues, params) {
  const hasImage = Object.hasOwn(params, "image");
  const hasFirstClip = Object.hasOwn(params, "first_clip");
  if (hasImage && hasFirstClip) {
    issues.add("wan27Params.first_clip", "image and first_clip are mutually exclusive");
  }
  if (Object.hasOwn(params, "last_frame") && !hasImage && !hasFirstClip) {
    issues.add("wan27Params.last_frame", "last_frame requires image or first_clip");
  }
  if (Object.hasOwn(params, "aspect_ratio") && (hasImage || hasFirstClip)) {
    issues.add("wan27Params.aspect_ratio", "aspect_ratio is only allowed for text-to-video (no image or first_clip)");
  }
}

/**
 * Credits for a valid request: rate × duration (wan-2.7.md, "Credit cost").
 * @param {Record<string, unknown>} body  A body that passed validateGenerateRequest.
 */
export function priceRequest(body) {
  const params = isPlainObject(body.wan27Params) ? body.wan27Params : {};
  const duration = typeof params.duration === "number" ? params.duration : DEFAULT_DURATION_S;
  const resolution = params.resolution ?? DEFAULT_RESOLUTION;
  const hasInputMedia = Object.hasOwn(params, "image") || Object.hasOwn(params, "first_clip");
  const rate = !hasInputMedia ? RATE_T2V : resolution === "1080p" ? RATE_I2V_1080P : RATE_I2V_720P;
  return rate * duration;
}

// ---------------------------------------------------------------------------------------------
// POST /v2/uploads: typing a file from its bytes
// ---------------------------------------------------------------------------------------------

/**
 * What a file is, from its first bytes alone: apiframe ignores the declared type, and so does
 * this. Null for anything apiframe does not take.
 * @param {Uint8Array} bytes
 * @returns {{ kind: UploadKind, contentType: string } | null}
 */
export function sniffMedia(bytes) {
  const ascii = (/** @type {number} */ start, /** @type {number} */ end) =>
    Buffer.from(bytes.subarray(start, end)).toString("latin1");
  const startsWith = (/** @type {number[]} */ signature) => signature.every((byte, i) => bytes[i] === byte);

  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: "image", contentType: "image/png" };
  if (startsWith([0xff, 0xd8, 0xff])) return { kind: "image", contentType: "image/jpeg" };
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return { kind: "image", contentType: "image/gif" };
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return { kind: "image", contentType: "image/webp" };
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WAVE") return { kind: "audio", contentType: "audio/wav" };
  // ISO media (MP4, MOV, M4A) opens with a box whose type is "ftyp"; the major brand names the flavour.
  if (ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    if (brand === "qt  ") return { kind: "video", contentType: "video/quicktime" };
    if (brand === "M4A " || brand === "M4B ") return { kind: "audio", contentType: "audio/mp4" };
    return { kind: "video", contentType: "video/mp4" };
  }
  if (startsWith([0x1a, 0x45, 0xdf, 0xa3])) return { kind: "video", contentType: "video/webm" };
  if (ascii(0, 4) === "OggS") return { kind: "audio", contentType: "audio/ogg" };
  if (ascii(0, 3) === "ID3") return { kind: "audio", contentType: "audio/mpeg" };
  // An MPEG audio frame sync (11 set bits) with a real layer; layer bits 00 would be AAC (ADTS).
  const second = bytes[1] ?? 0;
  if (bytes[0] === 0xff && (second & 0xe0) === 0xe0 && (second & 0x06) !== 0) {
    return { kind: "audio", contentType: "audio/mpeg" };
  }
  return null;
}

/**
 * The last segment of an upload's URL: the base name, reduced to characters that need no
 * escaping, keeping its end (the extension) when it is long.
 * @param {string} name
 */
export function sanitiseFileName(name) {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(-100)
    .replace(/^[._]+/, "");
  return cleaned === "" ? "file" : cleaned;
}

/**
 * The `file` part of a multipart body, read by the Fetch API's own multipart parser.
 * @param {string | undefined} contentType
 * @param {Buffer<ArrayBuffer>} body
 * @returns {Promise<{ ok: true, file: File } | { ok: false, message: string }>}
 */
async function formFile(contentType, body) {
  const notMultipart = /** @type {const} */ ({
    ok: false,
    message: "Expected a multipart/form-data body with a file field",
  });
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType)) return notMultipart;
  /** @type {FormData} */
  let form;
  try {
    // Not this file's `Request` typedef: the Web API one, used for its multipart parser.
    form = await new globalThis.Request("http://standin.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    }).formData();
  } catch {
    return notMultipart;
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") return { ok: false, message: "No file provided" };
  return { ok: true, file };
}

// ---------------------------------------------------------------------------------------------
// State: balance, jobs, idempotency keys, queued faults and stats
// ---------------------------------------------------------------------------------------------

/**
 * What an Idempotency-Key was first used for, kept 24 h as apiframe does: the
 * same key with the same request (same fingerprint) replays the first answer;
 * with another request it is a conflict.
 * @template T
 */
class IdempotencyStore {
  /** @type {Map<string, { fingerprint: string, value: T, at: number }>} */
  #entries = new Map();

  /**
   * @param {string} key
   * @returns {{ fingerprint: string, value: T } | undefined}
   */
  lookup(key) {
    const entry = this.#entries.get(key);
    if (entry && Date.now() - entry.at > IDEMPOTENCY_TTL_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * @param {string} key
   * @param {string} fingerprint
   * @param {T} value
   */
  remember(key, fingerprint, value) {
    this.#entries.set(key, { fingerprint, value, at: Date.now() });
  }

  clear() {
    this.#entries.clear();
  }
}

/**
 * Everything the stand-in remembers. One instance per server; `reset()` returns it to the
 * starting options (optionally with a new balance / job duration) between tests.
 */
export class StandinState {
  #balance;

  /** @param {{ balance: number, jobMs: number, maxStoredUploadBytes?: number }} initial */
  constructor(initial) {
    this.initial = initial;
    this.#balance = initial.balance;
    this.jobMs = initial.jobMs;
    this.maxStoredUploadBytes = initial.maxStoredUploadBytes ?? MAX_STORED_UPLOAD_BYTES;
    /** @type {Map<string, StoredUpload>} Insertion order = age, oldest evicted first. */
    this.uploads = new Map();
    this.storedUploadBytes = 0;
    /** Uploads created (replays not counted), for the stats. */
    this.uploadCount = 0;
    /** @type {IdempotencyStore<UploadAnswer>} Upload keys → the first answer. */
    this.uploadKeys = new IdempotencyStore();
    /** @type {Map<string, StoredJob>} Insertion order = creation order. */
    this.jobs = new Map();
    /** @type {IdempotencyStore<string>} Generate keys → the job id. */
    this.generateKeys = new IdempotencyStore();
    /** @type {Fault[]} */
    this.faults = [];
    /** @type {string | null} */
    this.failNextMessage = null;
    /** @type {{ idempotencyKey: string | null, status: number }[]} */
    this.generateRequests = [];
  }

  /**
   * @param {{ balance?: number, jobMs?: number }} [overrides]
   */
  reset(overrides = {}) {
    this.#balance = overrides.balance ?? this.initial.balance;
    this.jobMs = overrides.jobMs ?? this.initial.jobMs;
    this.jobs.clear();
    this.generateKeys.clear();
    this.faults = [];
    this.failNextMessage = null;
    this.generateRequests = [];
    this.uploads.clear();
    this.storedUploadBytes = 0;
    this.uploadCount = 0;
    this.uploadKeys.clear();
  }

  /** Current credits. Reading it first refunds any job that has failed since the last read. */
  get balance() {
    this.settle();
    return this.#balance;
  }

  /**
   * Refunds failed jobs whose end time has passed. Status is derived from elapsed time rather
   * than timers, so the refund happens lazily here; the `refunded` flag makes it exactly once.
   */
  settle(now = performance.now()) {
    for (const job of this.jobs.values()) {
      if (job.failure !== null && !job.refunded && now - job.startedAt >= job.durationMs) {
        job.refunded = true;
        this.#balance += job.cost;
      }
    }
  }

  /**
   * Charges the cost and records a new job. The caller has checked the balance.
   * @param {Record<string, unknown>} input
   * @param {number} cost
   * @returns {StoredJob}
   */
  createJob(input, cost) {
    /** @type {StoredJob} */
    const job = {
      id: randomUUID(),
      input,
      cost,
      durationMs: this.jobMs,
      startedAt: performance.now(),
      createdAt: new Date(),
      failure: this.failNextMessage,
      refunded: false,
    };
    this.failNextMessage = null;
    this.#balance -= cost;
    this.jobs.set(job.id, job);
    return job;
  }

  /**
   * Keeps an upload's bytes, evicting the oldest uploads while the total would pass the cap.
   * @param {string} id
   * @param {StoredUpload} upload
   */
  storeUpload(id, upload) {
    for (const [oldId, old] of this.uploads) {
      if (this.storedUploadBytes + upload.bytes.length <= this.maxStoredUploadBytes) break;
      this.uploads.delete(oldId);
      this.storedUploadBytes -= old.bytes.length;
    }
    this.uploads.set(id, upload);
    this.storedUploadBytes += upload.bytes.length;
    this.uploadCount += 1;
  }

  /**
   * @param {string} id
   * @returns {StoredUpload | undefined}  Undefined once evicted or past its expiry.
   */
  getUpload(id) {
    const upload = this.uploads.get(id);
    if (upload && Date.now() > upload.expiresAt) {
      this.uploads.delete(id);
      this.storedUploadBytes -= upload.bytes.length;
      return undefined;
    }
    return upload;
  }

  /**
   * @param {Omit<Fault, "route">[]} faults
   * @param {FaultRoute} route
   */
  queueFaults(faults, route) {
    for (const fault of faults) this.faults.push({ ...fault, route });
  }

  /**
   * Removes and returns the first queued fault that applies to this route, if any.
   * "drop-after-accept" only makes sense where something is created, so only generate and
   * upload take it.
   * @param {Exclude<FaultRoute, "any"> | null} route
   * @returns {Fault | undefined}
   */
  takeFault(route) {
    const index = this.faults.findIndex(
      (fault) =>
        (fault.route === route || fault.route === "any") &&
        (fault.kind !== "drop-after-accept" || route === "generate" || route === "upload"),
    );
    return index === -1 ? undefined : this.faults.splice(index, 1)[0];
  }

  /**
   * @param {string | null} idempotencyKey
   * @param {number} status  0 when the connection was dropped without an answer.
   */
  recordGenerateRequest(idempotencyKey, status) {
    this.generateRequests.push({ idempotencyKey, status });
  }

  stats() {
    return {
      submissions: this.jobs.size,
      generateRequests: this.generateRequests.map((entry) => ({ ...entry })),
      balance: this.balance,
      jobs: [...this.jobs.keys()],
      pendingFaults: this.faults.length,
      uploads: this.uploadCount,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Job lifecycle, derived from elapsed time
// ---------------------------------------------------------------------------------------------

/**
 * QUEUED for the first share of the run time (progress 0), then PROCESSING with progress
 * climbing 1..99, then the final status. Monotonic time keeps progress from ever going back.
 * @param {StoredJob} job
 * @param {number} now  performance.now()
 * @returns {{ status: JobStatus, progress: number, done: boolean }}
 */
export function jobPhase(job, now) {
  const elapsed = now - job.startedAt;
  const queuedMs = job.durationMs * QUEUED_SHARE;
  if (elapsed >= job.durationMs) {
    return job.failure === null
      ? { status: "COMPLETED", progress: 100, done: true }
      : { status: "FAILED", progress: 99, done: true };
  }
  if (elapsed < queuedMs) return { status: "QUEUED", progress: 0, done: false };
  const share = (elapsed - queuedMs) / (job.durationMs - queuedMs);
  return { status: "PROCESSING", progress: Math.min(99, 1 + Math.floor(share * 99)), done: false };
}

/**
 * The job as GET /v2/jobs/:id shows it (the `Job` schema).
 * @param {StoredJob} job
 * @param {string} origin
 * @param {number} [now]
 */
function jobView(job, origin, now = performance.now()) {
  const { status, progress, done } = jobPhase(job, now);
  const failed = status === "FAILED";
  return {
    id: job.id,
    status,
    model: MODEL,
    progress,
    result: status === "COMPLETED" ? { videoUrl: `${origin}/files/${job.id}.mp4` } : null,
    error: failed ? job.failure : null,
    // Charged at submission, so the cost shows while running; a failed job is refunded.
    creditCost: failed ? 0 : job.cost,
    webhookStatus: null,
    createdAt: job.createdAt.toISOString(),
    completedAt: done ? new Date(job.createdAt.getTime() + job.durationMs).toISOString() : null,
    input: job.input,
    expired: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/**
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @returns {Reply}
 */
function json(status, body, headers) {
  return { type: "json", status, body, headers };
}

/**
 * apiframe's generic error envelope, `{ "error": "<message>" }`.
 * @param {number} status
 * @param {string} message
 * @returns {Reply}
 */
function errorReply(status, message) {
  return json(status, { error: message });
}

/**
 * @param {Record<string, string[]>} details  JSON path → messages.
 * @returns {Reply}
 */
function validationReply(details) {
  return json(400, { error: "Validation error", details });
}

/** @returns {Reply} */
function notFound() {
  return errorReply(404, "Not found");
}

/**
 * @param {Fault} fault  Any kind except "slow" and "drop-after-accept", which change timing only.
 * @param {Exclude<FaultRoute, "any">} route
 * @returns {Reply}
 */
function faultReply(fault, route) {
  switch (fault.kind) {
    case "429":
      return json(429, { error: "Rate limit exceeded" }, { "Retry-After": String(fault.retryAfter) });
    case "502":
      return errorReply(502, route === "upload" ? "Failed to upload file to CDN" : "Bad gateway");
    case "503":
      return errorReply(503, "Service temporarily unavailable");
    case "500":
      return errorReply(500, "Internal server error");
    case "drop":
      return { type: "drop" };
    default:
      return { type: "malformed", status: route === "generate" ? 202 : route === "upload" ? 201 : 200 };
  }
}

/**
 * The only place that writes to the socket.
 * @param {http.ServerResponse} res
 * @param {Reply} reply
 * @param {boolean} headOnly
 */
function writeReply(res, reply, headOnly) {
  if (res.destroyed) return; // the client gave up (e.g. during a "slow" fault)
  res.setHeader("X-Request-Id", randomUUID());
  switch (reply.type) {
    case "drop":
      // No status line at all: the client sees a reset connection.
      res.socket?.destroy();
      return;
    case "malformed": {
      // A JSON content type with a cut-off body: the nastiest case for a client's parser.
      const body = '{"status":"QUEUED","jobId":';
      res.writeHead(reply.status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
      res.end(body);
      return;
    }
    case "bytes":
      res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(reply.body.length) });
      res.end(headOnly ? undefined : reply.body);
      return;
    case "json": {
      const body = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...reply.headers,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": String(Buffer.byteLength(body)),
        "Cache-Control": "no-store",
      });
      res.end(headOnly ? undefined : body);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Request plumbing
// ---------------------------------------------------------------------------------------------

/**
 * Reads the whole body. Returns null when it exceeds `limit`; past it nothing more is kept,
 * but the rest is drained so the connection stays usable.
 * @param {http.IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer<ArrayBuffer> | null>}
 */
async function readBytes(req, limit) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<string | null>}  Null past MAX_BODY_BYTES.
 */
async function readBody(req) {
  const bytes = await readBytes(req, MAX_BODY_BYTES);
  return bytes === null ? null : bytes.toString("utf8");
}

/**
 * @param {string} text
 * @returns {{ ok: true, value: unknown } | { ok: false }}
 */
function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Percent-decodes a path segment; a broken escape yields the raw text, which then fails the
 * UUID check with a 400 rather than crashing the request.
 * @param {string} segment
 */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * @param {http.IncomingMessage} req
 * @param {string} name  Lower-case header name.
 * @returns {string | undefined}
 */
function header(req, name) {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * @typedef {object} Context
 * @property {StandinState} state
 * @property {{ apiKeys: Set<string>, inactiveKeys: Set<string> }} keys
 * @property {string} origin
 * @property {{ bytes: Buffer, etag: string }} video
 * @property {Set<NodeJS.Timeout>} timers
 */

/**
 * @typedef {object} Request
 * @property {string} method
 * @property {URL} url
 * @property {http.IncomingMessage} raw
 * @property {string | null} body  Raw text (POST only, except uploads: that handler reads the
 *   bytes itself); null if too large.
 */

/**
 * apiframe's three auth answers. Inactive wins over active, so listing a key in both is safe.
 * @param {Context} ctx
 * @param {http.IncomingMessage} req
 * @returns {{ ok: true, key: string } | { ok: false, reply: Reply }}
 */
function authenticate(ctx, req) {
  const key = header(req, "x-api-key");
  if (!key) return { ok: false, reply: errorReply(401, "API key is required") };
  if (ctx.keys.inactiveKeys.has(key)) return { ok: false, reply: errorReply(403, "API key is inactive") };
  if (!ctx.keys.apiKeys.has(key)) return { ok: false, reply: errorReply(401, "Invalid API key") };
  return { ok: true, key };
}

// ---------------------------------------------------------------------------------------------
// /v2 handlers
// ---------------------------------------------------------------------------------------------

/**
 * POST /v2/videos/generate, after auth and faults.
 * @param {Context} ctx
 * @param {Request} req
 * @returns {Reply}
 */
function handleGenerate(ctx, req) {
  const idempotencyKey = header(req.raw, "idempotency-key");
  if (
    idempotencyKey !== undefined &&
    (idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_CHARS)
  ) {
    return validationReply({ "Idempotency-Key": [`Must be 1 to ${MAX_IDEMPOTENCY_KEY_CHARS} characters`] });
  }
  if (req.body === null) return errorReply(413, "Request body too large");
  const parsed = parseJson(req.body);
  if (!parsed.ok) return errorReply(400, "Invalid JSON body");

  const validation = validateGenerateRequest(parsed.value);
  if (!validation.ok) return validationReply(validation.details);
  const body = validation.value;

  // A replay must not be charged again, even if the balance has since run low,
  // so idempotency is settled before the credit check.
  const fingerprint = canonicalJson(body);
  if (idempotencyKey !== undefined) {
    const previous = ctx.state.generateKeys.lookup(idempotencyKey);
    if (previous && previous.fingerprint !== fingerprint) {
      return errorReply(409, "Idempotency key reused with a different request body");
    }
    const job = previous && ctx.state.jobs.get(previous.value);
    if (job) return json(202, { jobId: job.id, status: jobPhase(job, performance.now()).status });
  }

  const cost = priceRequest(body);
  const available = ctx.state.balance;
  if (available < cost) {
    return json(402, { error: "Insufficient credits", creditsRequired: cost, creditsAvailable: available });
  }
  const job = ctx.state.createJob(body, cost);
  if (idempotencyKey !== undefined) ctx.state.generateKeys.remember(idempotencyKey, fingerprint, job.id);
  return json(202, { jobId: job.id, status: "QUEUED" });
}

/**
 * POST /v2/uploads, after auth and faults: one `file` part, typed from its bytes.
 * @param {Context} ctx
 * @param {Request} req
 * @returns {Promise<Reply>}
 */
async function handleUpload(ctx, req) {
  const idempotencyKey = header(req.raw, "idempotency-key");
  if (
    idempotencyKey !== undefined &&
    (idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_CHARS)
  ) {
    return validationReply({ "Idempotency-Key": [`Must be 1 to ${MAX_IDEMPOTENCY_KEY_CHARS} characters`] });
  }
  const tooLarge = "File too large: images and audio may be up to 25 MB, videos up to 50 MB";
  const body = await readBytes(req.raw, MAX_UPLOAD_BODY_BYTES);
  if (body === null) return errorReply(400, tooLarge);
  const part = await formFile(header(req.raw, "content-type"), body);
  if (!part.ok) return errorReply(400, part.message);

  const bytes = Buffer.from(await part.file.arrayBuffer());
  const type = sniffMedia(bytes);
  if (type === null) {
    return errorReply(400, "Unsupported file type: send PNG, JPEG, WebP, GIF, MP4, WebM, MOV, MP3, WAV, OGG or M4A");
  }
  if (bytes.length > MAX_UPLOAD_BYTES[type.kind]) return errorReply(400, tooLarge);

  const name = sanitiseFileName(part.file.name);
  const fingerprint = `${createHash("sha256").update(bytes).digest("hex")}:${name}`;
  if (idempotencyKey !== undefined) {
    const previous = ctx.state.uploadKeys.lookup(idempotencyKey);
    if (previous && previous.fingerprint !== fingerprint) {
      return errorReply(409, "Idempotency key reused with a different request body");
    }
    if (previous) return json(201, previous.value);
  }

  const id = randomUUID();
  const expiresAt = Date.now() + UPLOAD_TTL_MS;
  ctx.state.storeUpload(id, { name, bytes, contentType: type.contentType, expiresAt });
  /** @type {UploadAnswer} */
  const answer = {
    id,
    url: `${ctx.origin}/uploads/${id}/${name}`,
    kind: type.kind,
    contentType: type.contentType,
    byteSize: bytes.length,
    expiresAt: new Date(expiresAt).toISOString(),
  };
  if (idempotencyKey !== undefined) ctx.state.uploadKeys.remember(idempotencyKey, fingerprint, answer);
  return json(201, answer);
}

/**
 * GET /v2/jobs/:id
 * @param {Context} ctx
 * @param {string} id
 * @returns {Reply}
 */
function handleGetJob(ctx, id) {
  if (!UUID_RE.test(id)) return validationReply({ id: ["Invalid uuid"] });
  const job = ctx.state.jobs.get(id.toLowerCase());
  if (!job) return errorReply(404, "Job not found");
  return json(200, jobView(job, ctx.origin));
}

/**
 * GET /v2/jobs — newest first, cursor = id of the last job on the previous page.
 * @param {Context} ctx
 * @param {URLSearchParams} query
 * @returns {Reply}
 */
function handleListJobs(ctx, query) {
  const issues = new Issues();
  const limitText = query.get("limit");
  const limit = limitText === null ? 20 : Number(limitText);
  if (!isIntInRange(limit, 1, 100)) issues.add("limit", "Must be an integer from 1 to 100");
  const status = query.get("status");
  if (status !== null) checkEnum(issues, "status", status, JOB_STATUSES);
  const scope = query.get("scope");
  if (scope !== null) checkEnum(issues, "scope", scope, ["user", "team"]);
  const cursor = query.get("cursor");
  if (cursor !== null && !ctx.state.jobs.has(cursor)) issues.add("cursor", "Invalid cursor");
  if (!issues.empty) return validationReply(issues.details);

  const model = query.get("model");
  const search = query.get("search")?.toLowerCase() ?? null;
  const now = performance.now();
  const all = [...ctx.state.jobs.values()]
    .reverse()
    .map((job) => jobView(job, ctx.origin, now))
    .filter((job) => (status === null || job.status === status) && (model === null || job.model === model))
    .filter((job) => search === null || job.id === search);
  const start = cursor === null ? 0 : all.findIndex((job) => job.id === cursor) + 1;
  const page = all.slice(start, start + limit);
  const hasMore = start + limit < all.length;
  return json(200, { jobs: page, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null, hasMore });
}

/**
 * GET /v2/me
 * @param {Context} ctx
 * @param {string} key  The authenticated key; only its 8-character prefix is shown.
 * @returns {Reply}
 */
function handleMe(ctx, key) {
  return json(200, {
    user: { id: uuidFromSeed("standin:user"), email: "dev@example.com", role: "ADMIN" },
    team: {
      id: uuidFromSeed("standin:team"),
      name: "Stand-in Team",
      plan: "pro",
      credits: ctx.state.balance,
      customerId: null,
      maxConcurrentJobs: 10,
    },
    apiKey: { id: uuidFromSeed(`standin:key:${key}`), name: "Stand-in key", prefix: key.slice(0, 8) },
  });
}

/**
 * @typedef {object} ApiRoute
 * @property {Exclude<FaultRoute, "any"> | null} faultRoute  Which queued faults apply here.
 * @property {(ctx: Context, req: Request, key: string) => Reply | Promise<Reply>} handle
 */

/**
 * @param {string} method
 * @param {string} pathname
 * @returns {ApiRoute | null}
 */
function matchApiRoute(method, pathname) {
  if (method === "POST" && pathname === "/v2/videos/generate") {
    return { faultRoute: "generate", handle: (ctx, req) => handleGenerate(ctx, req) };
  }
  if (method === "POST" && pathname === UPLOAD_PATH) {
    return { faultRoute: "upload", handle: (ctx, req) => handleUpload(ctx, req) };
  }
  if (method === "GET" && pathname === "/v2/me") {
    return { faultRoute: "me", handle: (ctx, _req, key) => handleMe(ctx, key) };
  }
  if (method === "GET" && pathname === "/v2/jobs") {
    // Only "any" faults reach the list, so a fault aimed at polling is not eaten by it.
    return { faultRoute: null, handle: (ctx, req) => handleListJobs(ctx, req.url.searchParams) };
  }
  const jobMatch = method === "GET" ? JOB_PATH_RE.exec(pathname) : null;
  if (jobMatch) {
    const id = safeDecode(jobMatch[1] ?? "");
    return { faultRoute: "job", handle: (ctx) => handleGetJob(ctx, id) };
  }
  return null;
}

/**
 * Auth, then at most one queued fault, then the handler.
 * Faults act before the handler so a failed generate never creates or charges a job (nor a
 * failed upload stores a file), except "drop-after-accept", which lets the job or upload be
 * created and then loses the answer.
 * @param {Context} ctx
 * @param {Request} req
 * @param {ApiRoute} route
 * @returns {Promise<{ reply: Reply, fault: FaultKind | null }>}
 */
async function runApiRoute(ctx, req, route) {
  const auth = authenticate(ctx, req.raw);
  if (!auth.ok) return { reply: auth.reply, fault: null };

  const fault = ctx.state.takeFault(route.faultRoute);
  if (fault && fault.kind !== "slow" && fault.kind !== "drop-after-accept") {
    return { reply: faultReply(fault, route.faultRoute ?? "job"), fault: fault.kind };
  }
  if (fault?.kind === "slow") await sleep(fault.ms, ctx.timers);

  const reply = await route.handle(ctx, req, auth.key);
  if (fault?.kind === "drop-after-accept") return { reply: { type: "drop" }, fault: fault.kind };
  return { reply, fault: fault?.kind ?? null };
}

// ---------------------------------------------------------------------------------------------
// /files/<id>.mp4 and /uploads/<id>/<name>: CDN-like static files with HTTP Range support
// ---------------------------------------------------------------------------------------------

/**
 * Parses a single-range `Range` header (RFC 9110 §14.1.2).
 * Returns null to ignore the header (absent, malformed or multi-range: a full 200 is allowed),
 * "unsatisfiable" for a 416, or the inclusive byte range.
 * @param {string | undefined} value
 * @param {number} size
 * @returns {{ start: number, end: number } | "unsatisfiable" | null}
 */
export function parseRange(value, size) {
  const match = value === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * GET|HEAD /files/<id>.mp4 — no auth, like apiframe's CDN. Only finished jobs have a file,
 * so the app meets the same 404 it would for an unknown or purged video.
 * @param {Context} ctx
 * @param {http.IncomingMessage} req
 * @param {string} id
 * @returns {Reply}
 */
function serveVideo(ctx, req, id) {
  const job = ctx.state.jobs.get(id.toLowerCase());
  if (!job || jobPhase(job, performance.now()).status !== "COMPLETED") return notFound();
  const { bytes, etag } = ctx.video;
  return serveFile(req, { bytes, etag, contentType: "video/mp4", maxAgeS: 86400 });
}

/**
 * GET|HEAD /uploads/<id>/<name> — no auth, like the CDN apiframe hosts uploads on. Unknown,
 * evicted or expired uploads, and a name other than the one the upload answered with, are 404.
 * @param {Context} ctx
 * @param {http.IncomingMessage} req
 * @param {string} id
 * @param {string} name
 * @returns {Reply}
 */
function serveUpload(ctx, req, id, name) {
  const upload = ctx.state.getUpload(id.toLowerCase());
  if (!upload || upload.name !== name) return notFound();
  const maxAgeS = Math.max(0, Math.floor((upload.expiresAt - Date.now()) / 1000));
  // The id names one immutable file, so it serves as its validator.
  return serveFile(req, {
    bytes: upload.bytes,
    etag: `"${id.toLowerCase()}"`,
    contentType: upload.contentType,
    maxAgeS,
  });
}

/**
 * A static file the way a CDN serves it: cacheable, cross-origin, with conditional and Range
 * requests (a `<video>` element, Safari's above all, needs 206 answers).
 * @param {http.IncomingMessage} req
 * @param {{ bytes: Buffer, etag: string, contentType: string, maxAgeS: number }} file
 * @returns {Reply}
 */
function serveFile(req, { bytes, etag, contentType, maxAgeS }) {
  const headers = {
    "Content-Type": contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": `public, max-age=${maxAgeS}`,
    // A CDN answers any origin; the app's pages may embed or fetch it cross-origin.
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
  if (header(req, "if-none-match") === etag) return { type: "bytes", status: 304, body: Buffer.alloc(0), headers };

  // If-Range: only honour the range when the client's copy is this exact file.
  const ifRange = header(req, "if-range");
  const range = ifRange === undefined || ifRange === etag ? parseRange(header(req, "range"), bytes.length) : null;
  if (range === null) return { type: "bytes", status: 200, body: bytes, headers };
  if (range === "unsatisfiable") {
    return {
      type: "bytes",
      status: 416,
      body: Buffer.alloc(0),
      headers: { ...headers, "Content-Range": `bytes */${bytes.length}` },
    };
  }
  return {
    type: "bytes",
    status: 206,
    body: bytes.subarray(range.start, range.end + 1),
    headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${bytes.length}` },
  };
}

// ---------------------------------------------------------------------------------------------
// /__standin/* test controls (no auth)
// ---------------------------------------------------------------------------------------------

/**
 * Control bodies may be empty; anything else must be a JSON object.
 * @param {Request} req
 * @returns {{ ok: true, value: Record<string, unknown> } | { ok: false, reply: Reply }}
 */
function controlBody(req) {
  if (req.body === null) return { ok: false, reply: errorReply(413, "Request body too large") };
  if (req.body.trim() === "") return { ok: true, value: {} };
  const parsed = parseJson(req.body);
  if (!parsed.ok) return { ok: false, reply: errorReply(400, "Invalid JSON body") };
  if (!isPlainObject(parsed.value)) return { ok: false, reply: validationReply({ "": ["Expected object"] }) };
  return { ok: true, value: parsed.value };
}

/**
 * POST /__standin/reset {balance?, jobMs?}
 * @param {Context} ctx
 * @param {Record<string, unknown>} body
 * @returns {Reply}
 */
function controlReset(ctx, body) {
  const issues = new Issues();
  rejectUnknownKeys(issues, body, ["balance", "jobMs"], "");
  if (body.balance !== undefined)
    checkInteger(issues, "balance", body.balance, { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (body.jobMs !== undefined) checkInteger(issues, "jobMs", body.jobMs, { min: 0, max: MAX_JOB_MS });
  if (!issues.empty) return validationReply(issues.details);
  ctx.state.reset({
    balance: /** @type {number | undefined} */ (body.balance),
    jobMs: /** @type {number | undefined} */ (body.jobMs),
  });
  return json(200, { ok: true, balance: ctx.state.balance, jobMs: ctx.state.jobMs });
}

/**
 * POST /__standin/faults {faults: [{kind, retryAfter?, ms?}], route?}
 * @param {Context} ctx
 * @param {Record<string, unknown>} body
 * @returns {Reply}
 */
function controlFaults(ctx, body) {
  const issues = new Issues();
  rejectUnknownKeys(issues, body, ["faults", "route"], "");
  const route = body.route ?? "any";
  checkEnum(issues, "route", route, FAULT_ROUTES);
  /** @type {Omit<Fault, "route">[]} */
  const faults = [];
  if (!Array.isArray(body.faults) || body.faults.length < 1 || body.faults.length > MAX_FAULTS_PER_CALL) {
    issues.add("faults", `Expected an array of 1 to ${MAX_FAULTS_PER_CALL} faults`);
  } else {
    body.faults.forEach((raw, index) => {
      const fault = parseFault(issues, `faults.${index}`, raw);
      if (fault) faults.push(fault);
    });
  }
  if (!issues.empty) return validationReply(issues.details);
  ctx.state.queueFaults(faults, /** @type {FaultRoute} */ (route));
  return json(200, { ok: true, pending: ctx.state.faults.length });
}

/**
 * @param {Issues} issues
 * @param {string} path
 * @param {unknown} raw
 * @returns {Omit<Fault, "route"> | null}
 */
function parseFault(issues, path, raw) {
  if (!isPlainObject(raw)) {
    issues.add(path, "Expected object");
    return null;
  }
  rejectUnknownKeys(issues, raw, ["kind", "retryAfter", "ms"], path);
  checkEnum(issues, `${path}.kind`, raw.kind, FAULT_KINDS);
  const retryAfter = raw.retryAfter ?? 1;
  checkInteger(issues, `${path}.retryAfter`, retryAfter, { min: 0, max: 3600 });
  const ms = raw.ms ?? 3000;
  checkInteger(issues, `${path}.ms`, ms, { min: 0, max: MAX_SLOW_MS });
  // Any issue above makes the caller reject the whole call, so this value is then unused.
  return { kind: /** @type {FaultKind} */ (raw.kind), retryAfter: Number(retryAfter), ms: Number(ms) };
}

/**
 * POST /__standin/fail-next {error?}
 * @param {Context} ctx
 * @param {Record<string, unknown>} body
 * @returns {Reply}
 */
function controlFailNext(ctx, body) {
  const issues = new Issues();
  rejectUnknownKeys(issues, body, ["error"], "");
  const message = body.error ?? DEFAULT_FAIL_MESSAGE;
  checkString(issues, "error", message, { min: 1, max: 2000 });
  if (!issues.empty) return validationReply(issues.details);
  ctx.state.failNextMessage = /** @type {string} */ (message);
  return json(200, { ok: true, error: message });
}

/**
 * @param {Context} ctx
 * @param {Request} req
 * @returns {Reply}
 */
function handleControl(ctx, req) {
  const action = req.url.pathname.slice("/__standin/".length);
  if (req.method === "GET" && action === "stats") return json(200, ctx.state.stats());
  if (req.method !== "POST") return notFound();
  /** @type {Record<string, (ctx: Context, body: Record<string, unknown>) => Reply>} */
  const actions = { reset: controlReset, faults: controlFaults, "fail-next": controlFailNext };
  const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
  if (!run) return notFound();
  const body = controlBody(req);
  return body.ok ? run(ctx, body.value) : body.reply;
}

// ---------------------------------------------------------------------------------------------
// Dispatcher
// ---------------------------------------------------------------------------------------------

/**
 * @param {Context} ctx
 * @param {http.IncomingMessage} raw
 * @returns {Promise<{ reply: Reply, fault: FaultKind | null }>}
 */
async function dispatch(ctx, raw) {
  const method = raw.method ?? "GET";
  const url = new URL(raw.url ?? "/", "http://standin.invalid");
  // An upload may be 50 MB of binary: its handler reads it, after auth and faults, with its own cap.
  const body = method === "POST" && url.pathname !== UPLOAD_PATH ? await readBody(raw) : "";
  /** @type {Request} */
  const req = { method, url, raw, body };

  if (url.pathname.startsWith("/__standin/")) return { reply: handleControl(ctx, req), fault: null };

  const file = method === "GET" || method === "HEAD" ? FILE_PATH_RE.exec(url.pathname) : null;
  if (file) return { reply: serveVideo(ctx, raw, file[1] ?? ""), fault: null };
  const uploaded = method === "GET" || method === "HEAD" ? UPLOAD_FILE_PATH_RE.exec(url.pathname) : null;
  if (uploaded) {
    return { reply: serveUpload(ctx, raw, safeDecode(uploaded[1] ?? ""), safeDecode(uploaded[2] ?? "")), fault: null };
  }

  const route = matchApiRoute(method, url.pathname);
  if (!route) return { reply: notFound(), fault: null };
  const outcome = await runApiRoute(ctx, req, route);
  if (route.faultRoute === "generate") {
    const key = header(raw, "idempotency-key") ?? null;
    ctx.state.recordGenerateRequest(key, outcome.reply.type === "drop" ? 0 : outcome.reply.status);
  }
  return outcome;
}

/**
 * @param {Context} ctx
 * @param {boolean} log
 * @returns {http.RequestListener}
 */
function createListener(ctx, log) {
  return (req, res) => {
    const started = performance.now();
    dispatch(ctx, req)
      .then(({ reply, fault }) => {
        writeReply(res, reply, req.method === "HEAD");
        if (log) {
          const status = reply.type === "drop" ? "dropped" : reply.status;
          const pathname = (req.url ?? "/").split("?")[0];
          const tag = fault ? ` [fault ${fault}]` : "";
          console.log(
            `[standin] ${req.method} ${pathname} ${status} ${Math.round(performance.now() - started)}ms${tag}`,
          );
        }
      })
      .catch((error) => {
        // Typically the client aborted mid-body; otherwise a bug worth seeing in the output.
        if (log || !req.destroyed)
          console.error("[standin] request failed:", error instanceof Error ? error.message : error);
        if (!res.headersSent && !res.destroyed) writeReply(res, errorReply(500, "Internal server error"), false);
        else res.destroy();
      });
  };
}

// ---------------------------------------------------------------------------------------------
// Start / stop
// ---------------------------------------------------------------------------------------------

/**
 * @param {StandinOptions} options
 */
function resolveOptions(options) {
  const config = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!isIntInRange(config.port, 0, 65535)) throw new RangeError("port must be an integer from 0 to 65535");
  if (!isIntInRange(config.balance, 0, Number.MAX_SAFE_INTEGER))
    throw new RangeError("balance must be a non-negative integer");
  if (!isIntInRange(config.jobMs, 0, MAX_JOB_MS))
    throw new RangeError(`jobMs must be an integer from 0 to ${MAX_JOB_MS}`);
  const validKey = (/** @type {unknown} */ key) => typeof key === "string" && key.length > 0;
  if (!Array.isArray(config.apiKeys) || config.apiKeys.length === 0 || !config.apiKeys.every(validKey)) {
    throw new TypeError("apiKeys must be a non-empty array of non-empty strings");
  }
  if (!Array.isArray(config.inactiveKeys) || !config.inactiveKeys.every(validKey)) {
    throw new TypeError("inactiveKeys must be an array of non-empty strings");
  }
  return config;
}

function loadSampleVideo() {
  const bytes = readFileSync(SAMPLE_VIDEO_PATH);
  const etag = `"${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}"`;
  return { bytes, etag };
}

/**
 * @param {http.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} The bound port.
 */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/**
 * Starts the stand-in.
 * @param {StandinOptions} [options]
 * @returns {Promise<StandinHandle>}
 */
export async function startStandin(options = {}) {
  const config = resolveOptions(options);
  const state = new StandinState({ balance: config.balance, jobMs: config.jobMs });
  /** @type {Context} */
  const ctx = {
    state,
    keys: { apiKeys: new Set(config.apiKeys), inactiveKeys: new Set(config.inactiveKeys) },
    origin: "",
    video: loadSampleVideo(),
    timers: new Set(),
  };
  const server = http.createServer(createListener(ctx, config.log));
  const port = await listen(server, config.port, config.host);
  const hostForUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  ctx.origin = `http://${hostForUrl}:${port}`;

  /** @type {Promise<void> | null} */
  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      for (const timer of ctx.timers) clearTimeout(timer);
      ctx.timers.clear();
      server.close(() => resolve());
      // Keep-alive and "slow" connections would otherwise hold close() open.
      server.closeAllConnections();
    });
    return closing;
  };
  return { url: ctx.origin, port, close, state };
}

// ---------------------------------------------------------------------------------------------
// CLI: node e2e/standin/server.mjs
// ---------------------------------------------------------------------------------------------

/**
 * @param {string} name
 * @returns {number | undefined}
 */
function intFromEnv(name) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer`);
  return value;
}

/**
 * @param {string} name
 * @returns {string[] | undefined}
 */
function listFromEnv(name) {
  const raw = process.env[name];
  if (raw === undefined) return undefined;
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

async function main() {
  const standin = await startStandin({
    port: intFromEnv("STANDIN_PORT"),
    apiKeys: listFromEnv("STANDIN_API_KEYS"),
    inactiveKeys: listFromEnv("STANDIN_INACTIVE_KEYS"),
    balance: intFromEnv("STANDIN_BALANCE"),
    jobMs: intFromEnv("STANDIN_JOB_MS"),
    log: ["1", "true", "yes"].includes((process.env.STANDIN_LOG ?? "").toLowerCase()),
  });
  console.log(`apiframe stand-in listening on ${standin.url}`);

  const stop = () => {
    // A second signal, or a close that hangs, must still end the process.
    setTimeout(() => process.exit(1), 3000).unref();
    standin.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** True when this file is the program node was started with (not imported by a test). */
function invokedDirectly() {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(path.resolve(entry)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false; // e.g. an entry path that is not a file; importing must never throw
  }
}

if (invokedDirectly()) {
  main().catch((error) => {
    console.error(`apiframe stand-in failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
