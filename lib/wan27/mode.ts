import { CREDIT_RATES, LIMITS, MODES, type Mode, type Resolution } from "./params";
import type { ComposerValues } from "./schema";
import { formatNumber as num } from "@/lib/format";

type Sources = Pick<ComposerValues, "image" | "firstClip" | "lastFrame">;

const given = (v: string) => v.trim() !== "";

/**
 * The mode the request is in, from the fields that are filled, or `null` when
 * both an image and a clip are given (Wan 2.7 takes one or the other).
 */
export function detectMode({ image, firstClip, lastFrame }: Sources): Mode | null {
  if (given(image) && given(firstClip)) return null;
  if (given(image)) return given(lastFrame) ? "first-last-frame" : "image-to-video";
  if (given(firstClip)) return given(lastFrame) ? "continuation-to-last-frame" : "continuation";
  return "text-to-video";
}

/** True when the request starts from an image or a clip (it then costs the input rate). */
export function hasInput(values: Pick<ComposerValues, "image" | "firstClip">): boolean {
  return given(values.image) || given(values.firstClip);
}

export function modeLabel(mode: Mode | null): string {
  return mode ? MODES[mode].label : "Conflict: an image and a clip";
}

/**
 * The values the request actually carries: fields that the detected mode does
 * not take are dropped, so a value hidden by the form never reaches apiframe.
 * (An aspect ratio only goes with text-to-video; a last frame only with a start.)
 */
export function activeValues(values: ComposerValues): ComposerValues {
  const input = hasInput(values);
  return {
    ...values,
    aspectRatio: input ? "" : values.aspectRatio,
    lastFrame: input ? values.lastFrame : "",
  };
}

export interface CostEstimate {
  rate: number;
  seconds: number;
  credits: number;
}

/**
 * Credits = rate × duration, from the credit table. Returns `null` while the
 * duration is not a valid number of seconds.
 */
export function estimateCost(values: {
  image: string;
  firstClip: string;
  resolution: Resolution;
  duration: number;
}): CostEstimate | null {
  const { duration } = values;
  if (!Number.isInteger(duration) || duration < LIMITS.duration.min || duration > LIMITS.duration.max) {
    return null;
  }
  const rate = CREDIT_RATES[hasInput(values) ? "input" : "text"][values.resolution];
  return { rate, seconds: duration, credits: rate * duration };
}

/** "26 credits/s × 10 s = 260 credits" */
export function costWorking(cost: CostEstimate): string {
  return `${num(cost.rate)} credits/s × ${num(cost.seconds)} s = ${num(cost.credits)} credits`;
}
