/**
 * The Wan 2.7 parameter table: every limit, enum, default and credit rate of
 * the model, written once. The schema, cost, share-link codec, form hints and
 * snippets all read from here (source: ../shared/spec/wan-2.7.md and
 * apiframe's `GenerateVideoRequest_wan27` schema).
 */

import { formatNumber } from "@/lib/format";

export const MODEL_ID = "wan-2.7";

export const API_ORIGIN = "https://api.apiframe.ai";
export const GENERATE_PATH = "/v2/videos/generate";
/** The placeholder that snippets show in place of a real key. */
export const PLACEHOLDER_API_KEY = "afk_your_api_key_here";

export const RESOLUTIONS = ["720p", "1080p"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const LIMITS = {
  prompt: { min: 1, max: 5000 },
  negativePrompt: { max: 2500 },
  duration: { min: 2, max: 15, default: 5 },
  seed: { min: 0, max: 2_147_483_647 },
  /** The model's rules for its media inputs (stricter than apiframe's upload limits). */
  firstClip: { seconds: { min: 2, max: 10 } },
  audio: { seconds: { min: 3, max: 30 }, maxMegabytes: 15 },
  /** apiframe's `Idempotency-Key` header limit. */
  idempotencyKey: { max: 255 },
} as const;

export const DEFAULT_RESOLUTION: Resolution = "1080p";
export const DEFAULT_ASPECT_RATIO: AspectRatio = "16:9";

/** The URL fields of `wan27Params`, with what a person should put there. */
export const URL_FIELDS = {
  image: { label: "First-frame image", example: "https://example.com/start.jpg" },
  firstClip: { label: "Clip to continue", example: "https://example.com/intro.mp4" },
  lastFrame: { label: "Last frame", example: "https://example.com/end.jpg" },
  audio: { label: "Driving audio", example: "https://example.com/voice.mp3" },
} as const;
export type UrlField = keyof typeof URL_FIELDS;

/**
 * The form's names for the keys of `wan27Params`, in the order the model
 * page's examples write them. The body builder walks it; apiframe's error
 * paths are read back through it.
 */
export const WAN27_PARAM_NAMES = {
  image: "image",
  firstClip: "first_clip",
  lastFrame: "last_frame",
  audio: "audio",
  duration: "duration",
  resolution: "resolution",
  aspectRatio: "aspect_ratio",
  negativePrompt: "negative_prompt",
  promptExpansion: "enable_prompt_expansion",
  seed: "seed",
} as const;

export const MODES = {
  "text-to-video": {
    label: "Text-to-video",
    description: "The video is made from your prompt alone.",
  },
  "image-to-video": {
    label: "Image-to-video",
    description: "The video starts from your image.",
  },
  "first-last-frame": {
    label: "First-and-last-frame",
    description: "The video starts from your image and ends on your last frame.",
  },
  continuation: {
    label: "Continuation",
    description: "The video continues your clip.",
  },
  "continuation-to-last-frame": {
    label: "Continuation to a last frame",
    description: "The video continues your clip and ends on your last frame.",
  },
} as const;
export type Mode = keyof typeof MODES;

/**
 * Credits per second of output. Text-to-video costs the same at both
 * resolutions; any image or clip input costs more at 1080p.
 */
export const CREDIT_RATES: Record<"text" | "input", Record<Resolution, number>> = {
  text: { "720p": 17, "1080p": 17 },
  input: { "720p": 17, "1080p": 26 },
};

/** Human-readable hints for the form, built from the limits above. */
export const HINTS = {
  prompt: `What should happen in the video. Up to ${formatNumber(LIMITS.prompt.max)} characters.`,
  negativePrompt: `Things to keep out of the video. Up to ${formatNumber(LIMITS.negativePrompt.max)} characters.`,
  image: "The video starts from this picture. Its aspect ratio sets the output's.",
  firstClip: `A ${LIMITS.firstClip.seconds.min}–${LIMITS.firstClip.seconds.max} s clip; the model continues from its last frame.`,
  lastFrame: "Optional: the picture the video should end on.",
  audio: `wav or mp3, ${LIMITS.audio.seconds.min}–${LIMITS.audio.seconds.max} s, at most ${LIMITS.audio.maxMegabytes} MB. Leave empty and the model makes a soundtrack.`,
  duration: `Whole seconds, ${LIMITS.duration.min}–${LIMITS.duration.max}.`,
  seed: `A whole number from ${LIMITS.seed.min} to ${formatNumber(LIMITS.seed.max)}; the same seed and settings give the same video. Empty means a new one each run.`,
  promptExpansion: "Let the model rewrite and enrich the prompt. Unchecked, the field is left out.",
} as const;
