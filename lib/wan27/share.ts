import { DEFAULT_VALUES, composerSchema, type ComposerField, type ComposerValues } from "./schema";

/**
 * Share links: the composer's values ⇄ a URL query. One map of short keys
 * drives both directions; each value is checked by its own field's schema, so
 * a link can never carry what the form would refuse. Defaults are left out to
 * keep links short. There is no key for any secret: an API key never goes in.
 */
export const SHARE_KEYS = {
  prompt: "p",
  negativePrompt: "np",
  image: "img",
  firstClip: "clip",
  lastFrame: "last",
  audio: "aud",
  resolution: "res",
  aspectRatio: "ar",
  duration: "d",
  promptExpansion: "pe",
  seed: "seed",
} as const satisfies Record<ComposerField, string>;

const FIELDS = Object.keys(SHARE_KEYS) as ComposerField[];

/** The query parameter that carries the job being followed (not a form value). */
export const JOB_KEY = "job";

function toText(field: ComposerField, value: ComposerValues[ComposerField]): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value === null) return "";
  return String(value);
}

/** A query string raw value → the field's type, before its schema checks it. */
function fromText(field: ComposerField, raw: string): unknown {
  const kind = typeof DEFAULT_VALUES[field];
  if (field === "seed" || kind === "number") {
    return /^[+-]?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  }
  if (kind === "boolean") {
    if (raw === "1" || raw === "true") return true;
    if (raw === "0" || raw === "false") return false;
    return raw;
  }
  return raw;
}

export function encodeShareParams(values: ComposerValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = values[field];
    if (value === DEFAULT_VALUES[field]) continue;
    params.set(SHARE_KEYS[field], toText(field, value));
  }
  return params;
}

export interface DroppedValue {
  key: string;
  value: string;
  reason: string;
}

export interface DecodedShare {
  values: ComposerValues;
  dropped: DroppedValue[];
}

type QueryLike = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(query: QueryLike, key: string): string | undefined {
  if (query instanceof URLSearchParams) return query.get(key) ?? undefined;
  const v = query[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Reads a share link. Never throws: a value that its field refuses is dropped
 * (and listed, so the page can say so) and the field keeps its default.
 * Cross-field conflicts such as an image together with a clip are kept, so
 * the form can show them instead of silently choosing.
 */
export function decodeShareParams(query: QueryLike): DecodedShare {
  const values: ComposerValues = { ...DEFAULT_VALUES };
  const dropped: DroppedValue[] = [];
  for (const field of FIELDS) {
    const key = SHARE_KEYS[field];
    const raw = readParam(query, key);
    if (raw === undefined) continue;
    const parsed = composerSchema.shape[field].safeParse(fromText(field, raw));
    if (parsed.success) {
      (values as Record<ComposerField, unknown>)[field] = parsed.data;
    } else {
      dropped.push({ key, value: raw, reason: parsed.error.issues[0]?.message ?? "Not a valid value." });
    }
  }
  return { values, dropped };
}

/** A path with the values' query, for links and for the page's own URL. */
export function shareHref(pathname: string, values: ComposerValues, extra?: Record<string, string>): string {
  const params = encodeShareParams(values);
  for (const [k, v] of Object.entries(extra ?? {})) params.set(k, v);
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
