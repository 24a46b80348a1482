import { MODEL_ID, WAN27_PARAM_NAMES } from "./params";
import type { ComposerValues } from "./schema";
import { activeValues } from "./mode";

type ParamNames = typeof WAN27_PARAM_NAMES;

/**
 * `wan27Params` as apiframe's schema defines it (closed: no other keys),
 * derived from the table: `{ image?: string; first_clip?: string; …; seed?: number }`.
 */
export type Wan27Params = {
  [F in keyof ParamNames as ParamNames[F]]?: Exclude<ComposerValues[F], "" | null>;
};

/** The JSON body of `POST /v2/videos/generate` for Wan 2.7. */
export interface GenerateVideoBody {
  prompt: string;
  model: typeof MODEL_ID;
  wan27Params: Wan27Params;
}

/** Not sent: an empty text, an unchecked box, a seed left to chance. */
function isEmpty(value: unknown): boolean {
  return value === null || value === false || (typeof value === "string" && value.trim() === "");
}

/**
 * Exactly the body that will be sent: empty fields are left out, fields the
 * mode does not take are dropped, and only keys apiframe knows appear (its
 * schema is closed). Key order follows the examples on the model page.
 */
export function buildUpstreamBody(values: ComposerValues): GenerateVideoBody {
  const active = activeValues(values);
  const params: Record<string, unknown> = {};
  for (const [field, wire] of Object.entries(WAN27_PARAM_NAMES) as Array<[keyof ParamNames, string]>) {
    if (!isEmpty(active[field])) params[wire] = active[field];
  }
  return { prompt: active.prompt, model: MODEL_ID, wan27Params: params as Wan27Params };
}
