/**
 * What a person may upload into each URL field of the composer, written once:
 * the file picker's `accept`, the form's hint, the browser's check before
 * sending and the upload route's check all read this table. apiframe detects
 * the type from the bytes; these checks are courtesy, so a person hears about
 * a wrong file at once instead of after a 50 MB round trip.
 *
 * Isomorphic and pure: the browser imports it as freely as the server.
 */

import { BYTES_PER_MB as MB, formatNumber } from "@/lib/format";
import { LIMITS, URL_FIELDS, type UrlField } from "@/lib/wan27/params";

export const UPLOAD_KINDS = ["image", "video", "audio"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** `POST /api/uploads` answers 201 with this (reshaped from apiframe's `Upload`). */
export interface UploadView {
  /** Drops straight into the field it was uploaded for. */
  url: string;
  kind: UploadKind;
  /** As apiframe detected it from the bytes, e.g. "image/png". */
  contentType: string;
  byteSize: number;
  /** ISO time after which apiframe may have deleted the file. */
  expiresAt: string;
}

interface FileFormat {
  /** As a person knows it: "JPEG", "MOV". */
  name: string;
  /** The first is the canonical type; the rest are aliases browsers and systems report. */
  mimeTypes: readonly string[];
  extensions: readonly string[];
}

const PNG: FileFormat = { name: "PNG", mimeTypes: ["image/png"], extensions: [".png"] };
const JPEG: FileFormat = { name: "JPEG", mimeTypes: ["image/jpeg", "image/pjpeg"], extensions: [".jpg", ".jpeg"] };
const WEBP: FileFormat = { name: "WebP", mimeTypes: ["image/webp"], extensions: [".webp"] };
const GIF: FileFormat = { name: "GIF", mimeTypes: ["image/gif"], extensions: [".gif"] };
const MP4: FileFormat = { name: "MP4", mimeTypes: ["video/mp4"], extensions: [".mp4"] };
const WEBM: FileFormat = { name: "WebM", mimeTypes: ["video/webm"], extensions: [".webm"] };
const MOV: FileFormat = { name: "MOV", mimeTypes: ["video/quicktime"], extensions: [".mov"] };
const WAV: FileFormat = {
  name: "WAV",
  mimeTypes: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
  extensions: [".wav"],
};
const MP3: FileFormat = { name: "MP3", mimeTypes: ["audio/mpeg", "audio/mp3"], extensions: [".mp3"] };

export interface UploadRule {
  kind: UploadKind;
  formats: readonly FileFormat[];
  maxBytes: number;
  /** Completes "… up to 25 MB": who sets the limit, and for what. */
  limitPhrase: string;
  /** What the file is called in a sentence about its size. */
  noun: string;
  /** A length the model needs that cannot be checked without decoding the file. */
  seconds?: { min: number; max: number };
  /** For `<input type="file" accept>`: types and extensions, since browsers differ in which they honour. */
  accept: string;
  /** One line for the form, built from the above. */
  hint: string;
}

function rule(spec: Omit<UploadRule, "accept" | "hint">): UploadRule {
  const accept = spec.formats.flatMap((f) => [...f.mimeTypes, ...f.extensions]).join(",");
  const names = orList(spec.formats.map((f) => f.name));
  const length = spec.seconds
    ? ` It must be ${spec.seconds.min}–${spec.seconds.max} s long for the model; the length is not checked before sending.`
    : "";
  return { ...spec, accept, hint: `${names}, up to ${megabytes(spec.maxBytes)}.${length}` };
}

export const UPLOAD_RULES: Readonly<Record<UrlField, UploadRule>> = {
  image: rule({
    kind: "image",
    formats: [PNG, JPEG, WEBP, GIF],
    maxBytes: 25 * MB,
    limitPhrase: "apiframe takes images",
    noun: "image",
  }),
  firstClip: rule({
    kind: "video",
    formats: [MP4, WEBM, MOV],
    maxBytes: 50 * MB,
    limitPhrase: "apiframe takes videos",
    noun: "clip",
    seconds: LIMITS.firstClip.seconds,
  }),
  lastFrame: rule({
    kind: "image",
    formats: [PNG, JPEG, WEBP, GIF],
    maxBytes: 25 * MB,
    limitPhrase: "apiframe takes images",
    noun: "image",
  }),
  // The model's rules (wav/mp3, 15 MB) are stricter than apiframe's upload
  // limits, and a file the model refuses is only found out after paying.
  audio: rule({
    kind: "audio",
    formats: [WAV, MP3],
    maxBytes: LIMITS.audio.maxMegabytes * MB,
    limitPhrase: "the model takes driving audio",
    noun: "audio",
    seconds: LIMITS.audio.seconds,
  }),
};

export const UPLOAD_FIELDS: readonly UrlField[] = Object.keys(UPLOAD_RULES) as UrlField[];

/** The largest file any field takes, for refusing an oversized request before reading it. */
export const MAX_UPLOAD_BYTES = Math.max(...UPLOAD_FIELDS.map((field) => UPLOAD_RULES[field].maxBytes));

/** For a request too big to hold any field's file: refused before it is read. */
export const TOO_BIG_FOR_ANY_FIELD = `The file is too big: no field takes more than ${megabytes(MAX_UPLOAD_BYTES)}.`;

export const UPLOAD_EXPIRY_NOTE = "apiframe keeps uploaded files for only 1–2 hours, so upload right before you send.";

export function isUploadField(value: unknown): value is UrlField {
  return typeof value === "string" && Object.hasOwn(UPLOAD_RULES, value);
}

/** What `checkUpload` needs of a `File`. */
export interface UploadCandidate {
  name: string;
  /** The declared MIME type; "" when the browser does not know it. */
  type: string;
  size: number;
}

/**
 * Null when the file may be sent for `field`, otherwise a sentence saying what
 * is wrong and what is allowed.
 */
export function checkUpload(field: UrlField, file: UploadCandidate): string | null {
  const spec = UPLOAD_RULES[field];
  if (formatOf(spec, file) === undefined) {
    const names = orList(spec.formats.map((f) => f.name));
    return `${URL_FIELDS[field].label} must be ${withArticle(names)} file; ${describeType(file)}.`;
  }
  if (file.size <= 0) return "The file is empty. Choose another one.";
  if (file.size > spec.maxBytes) {
    return `The ${spec.noun} is ${megabytes(file.size, "up")}; ${spec.limitPhrase} up to ${megabytes(spec.maxBytes)}.`;
  }
  return null;
}

function formatOf(spec: UploadRule, file: UploadCandidate): FileFormat | undefined {
  const type = mimeOf(file);
  // Without a declared type (or with the catch-all one browsers send for
  // unknown files) the extension is all there is to go on.
  if (type === "" || type === "application/octet-stream") {
    const extension = extensionOf(file.name);
    return spec.formats.find((f) => f.extensions.includes(extension));
  }
  return spec.formats.find((f) => f.mimeTypes.includes(type));
}

/** "audio/ogg" from "Audio/OGG; codecs=opus". */
function mimeOf(file: UploadCandidate): string {
  return (file.type.split(";")[0] ?? "").trim().toLowerCase();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot).toLowerCase();
}

function describeType(file: UploadCandidate): string {
  const type = mimeOf(file);
  if (type !== "" && type !== "application/octet-stream") return `this is ${type}`;
  const extension = extensionOf(file.name);
  return extension === "" ? "this file's type is unknown" : `this is a ${extension} file`;
}

/** "25 MB", or "31.2 MB" rounded up so a file just over a limit never reads as at it. */
function megabytes(bytes: number, round: "up" | "none" = "none"): string {
  const value = bytes / MB;
  const shown = round === "up" ? Math.ceil(value * 10) / 10 : value;
  return `${formatNumber(shown)} MB`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** "a PNG …", "an MP4 …": initialisms take the article of their first letter's name. */
function withArticle(phrase: string): string {
  return /^[AEFHILMNORSX]/.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
