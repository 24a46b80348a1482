import { MODEL_ID, type AspectRatio, type Resolution } from "./params";
import type { ComposerValues } from "./schema";
import { activeValues } from "./mode";

/** `wan27Params` as apiframe's schema defines it (closed: no other keys). */
export interface Wan27Params {
  image?: string;
  first_clip?: string;
  last_frame?: string;
  audio?: string;
  duration?: number;
  resolution?: Resolution;
  aspect_ratio?: AspectRatio;
  negative_prompt?: string;
  enable_prompt_expansion?: boolean;
  seed?: number;
}

/** The JSON body of `POST /v2/videos/generate` for Wan 2.7. */
export interface GenerateVideoBody {
  prompt: string;
  model: typeof MODEL_ID;
  wan27Params: Wan27Params;
}

/**
 * Exactly the body that will be sent: empty fields are left out, fields the
 * mode does not take are dropped, and only keys apiframe knows appear (its
 * schema is closed). Key order follows the examples on the model page.
 */
export function buildUpstreamBody(values: ComposerValues): GenerateVideoBody {
  const v = activeValues(values);
  const params: Wan27Params = {};
  if (v.image) params.image = v.image;
  if (v.firstClip) params.first_clip = v.firstClip;
  if (v.lastFrame) params.last_frame = v.lastFrame;
  if (v.audio) params.audio = v.audio;
  params.duration = v.duration;
  params.resolution = v.resolution;
  if (v.aspectRatio) params.aspect_ratio = v.aspectRatio;
  if (v.negativePrompt.trim()) params.negative_prompt = v.negativePrompt;
  if (v.promptExpansion) params.enable_prompt_expansion = true;
  if (v.seed !== null) params.seed = v.seed;
  return { prompt: v.prompt, model: MODEL_ID, wan27Params: params };
}
