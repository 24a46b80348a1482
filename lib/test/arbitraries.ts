import fc from "fast-check";
import { ASPECT_RATIOS, LIMITS, RESOLUTIONS } from "@/lib/wan27/params";
import type { ComposerValues } from "@/lib/wan27/schema";

/** Text with the characters that break naive quoting: quotes, newlines, emoji, backslashes. */
const tricky = fc.constantFrom("'", '"', "\n", "\\", "$", "`", "😀", "ü", "&", "=", "%", "#", "\t", " ");
const text = (max: number) =>
  fc
    .array(fc.oneof(fc.string({ maxLength: 8 }), tricky, fc.string({ unit: "grapheme", maxLength: 4 })), {
      maxLength: 12,
    })
    .map((parts) => parts.join("").slice(0, max));

const prompt = text(LIMITS.prompt.max).filter((s) => s.trim().length > 0);

const url = fc
  .tuple(
    fc.constantFrom("https", "http"),
    fc.constantFrom("example.com", "cdn.example.org", "127.0.0.1:8080"),
    fc.array(fc.constantFrom("a", "b c", "ü", "img.jpg", "clip.mp4", "x?y=1&z=2"), { maxLength: 3 }),
  )
  .map(([scheme, host, path]) => new URL(`${scheme}://${host}/${path.join("/")}`).href);

const maybe = <T>(arb: fc.Arbitrary<T>, empty: T) => fc.oneof(fc.constant(empty), arb);

/** Every valid state of the form: the source is none, an image or a clip, never both. */
export const composerValues: fc.Arbitrary<ComposerValues> = fc
  .record({
    prompt,
    negativePrompt: maybe(text(LIMITS.negativePrompt.max), ""),
    source: fc.constantFrom("none", "image", "clip"),
    sourceUrl: url,
    lastFrame: maybe(url, ""),
    audio: maybe(url, ""),
    resolution: fc.constantFrom(...RESOLUTIONS),
    aspectRatio: fc.constantFrom(...ASPECT_RATIOS),
    duration: fc.integer({ min: LIMITS.duration.min, max: LIMITS.duration.max }),
    promptExpansion: fc.boolean(),
    seed: maybe(fc.integer({ min: LIMITS.seed.min, max: LIMITS.seed.max }), null),
  })
  .map(({ source, sourceUrl, lastFrame, aspectRatio, ...rest }) => ({
    ...rest,
    image: source === "image" ? sourceUrl : "",
    firstClip: source === "clip" ? sourceUrl : "",
    lastFrame: source === "none" ? "" : lastFrame,
    aspectRatio: source === "none" ? aspectRatio : "",
  }));
