import * as z from "zod/mini";
import {
  ASPECT_RATIOS,
  DEFAULT_ASPECT_RATIO,
  DEFAULT_RESOLUTION,
  LIMITS,
  RESOLUTIONS,
  URL_FIELDS,
  type UrlField,
} from "./params";
import { formatNumber as fmt } from "@/lib/format";

/** True for an absolute http(s) URL with a host: what apiframe can fetch. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** An optional URL field: empty means "not given". Surrounding spaces are ignored. */
const urlField = (field: UrlField) =>
  z._default(
    z.string({ error: `${URL_FIELDS[field].label} must be text: a web address.` }).check(
      z.trim(),
      z.refine(
        (v) => v === "" || isHttpUrl(v),
        `${URL_FIELDS[field].label} must be a full web address starting with https:// or http://, like ${URL_FIELDS[field].example}.`,
      ),
    ),
    "",
  );

/** A text field with a character limit whose message gives the count. */
const limitedText = (name: string, max: number) =>
  z.refine<string>((v) => v.length <= max, {
    error: (issue) =>
      `${name} is ${fmt(String(issue.input).length)} characters; Wan 2.7 takes at most ${fmt(max)}. Shorten it.`,
  });

const wholeNumber = (message: string) => z.refine<number>((v) => Number.isInteger(v), message);

const promptMessage = "Write a prompt: describe what should happen in the video.";
const durationMessage = `Duration must be a whole number of seconds from ${LIMITS.duration.min} to ${LIMITS.duration.max}.`;
const seedMessage = `Seed must be a whole number from ${fmt(LIMITS.seed.min)} to ${fmt(LIMITS.seed.max)}, or empty for a random seed.`;

/**
 * The composer's values, as the form holds them and as `POST /api/generate`
 * receives them. Empty strings mean "not given". One schema serves the form
 * (through zodResolver) and the route (through safeParse), so both say the
 * same sentences. Written with `zod/mini`, whose functions tree-shake: the
 * browser gets only the checks used here (the composer's first load went from
 * 57.3 to 43.3 KB of gzipped JavaScript over the 404 page).
 */
export const composerSchema = z
  .object({
    prompt: z.string({ error: promptMessage }).check(
      z.refine((v) => v.trim().length > 0, promptMessage),
      limitedText("The prompt", LIMITS.prompt.max),
    ),
    negativePrompt: z._default(
      z
        .string({ error: "The negative prompt must be text." })
        .check(limitedText("The negative prompt", LIMITS.negativePrompt.max)),
      "",
    ),
    image: urlField("image"),
    firstClip: urlField("firstClip"),
    lastFrame: urlField("lastFrame"),
    audio: urlField("audio"),
    resolution: z._default(
      z.enum(RESOLUTIONS, { error: `Resolution must be ${RESOLUTIONS.join(" or ")}.` }),
      DEFAULT_RESOLUTION,
    ),
    // Left out unless given: only text-to-video takes one.
    aspectRatio: z._default(
      z.enum([...ASPECT_RATIOS, ""], { error: `Aspect ratio must be one of ${ASPECT_RATIOS.join(", ")}.` }),
      "",
    ),
    duration: z._default(
      z
        .number({ error: durationMessage })
        .check(
          wholeNumber(durationMessage),
          z.minimum(LIMITS.duration.min, `Duration must be at least ${LIMITS.duration.min} seconds.`),
          z.maximum(LIMITS.duration.max, `Duration must be at most ${LIMITS.duration.max} seconds.`),
        ),
      LIMITS.duration.default,
    ),
    promptExpansion: z._default(z.boolean({ error: "Prompt expansion must be on or off." }), false),
    seed: z._default(
      z.nullable(
        z
          .number({ error: seedMessage })
          .check(
            wholeNumber(seedMessage),
            z.minimum(LIMITS.seed.min, seedMessage),
            z.maximum(LIMITS.seed.max, seedMessage),
          ),
      ),
      null,
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.image && v.firstClip) {
        ctx.addIssue({
          code: "custom",
          path: ["firstClip"],
          message:
            "Give either a first-frame image or a clip to continue, not both: Wan 2.7 starts from one of them. Clear one.",
        });
      }
      if (v.lastFrame && !v.image && !v.firstClip) {
        ctx.addIssue({
          code: "custom",
          path: ["lastFrame"],
          message:
            "A last frame needs a start: add a first-frame image or a clip to continue, or clear the last frame.",
        });
      }
      if (v.aspectRatio && (v.image || v.firstClip)) {
        ctx.addIssue({
          code: "custom",
          path: ["aspectRatio"],
          message:
            "Aspect ratio is for text-to-video only: with an image or a clip the video keeps the input's shape. Leave it out.",
        });
      }
    }),
  );

/** What the form edits (fields may be left out: defaults fill them). */
export type ComposerInput = z.input<typeof composerSchema>;
/** The composer's values, complete and checked. */
export type ComposerValues = z.output<typeof composerSchema>;
export type ComposerField = keyof ComposerValues;

export const DEFAULT_VALUES: ComposerValues = {
  prompt: "",
  negativePrompt: "",
  image: "",
  firstClip: "",
  lastFrame: "",
  audio: "",
  resolution: DEFAULT_RESOLUTION,
  aspectRatio: DEFAULT_ASPECT_RATIO,
  duration: LIMITS.duration.default,
  promptExpansion: false,
  seed: null,
};

export type FieldMessages = Partial<Record<ComposerField | "form", string[]>>;

/** Messages keyed by field name ("form" for the request as a whole), for forms and API answers. */
export function fieldErrors(error: z.core.$ZodError<ComposerInput>): FieldMessages {
  const flat = z.flattenError(error);
  const out: FieldMessages = {};
  for (const [key, messages] of Object.entries(flat.fieldErrors) as Array<[ComposerField, string[] | undefined]>) {
    if (messages && messages.length > 0) out[key] = messages;
  }
  if (flat.formErrors.length > 0) out.form = flat.formErrors;
  return out;
}
