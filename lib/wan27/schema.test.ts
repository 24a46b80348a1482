import { describe, expect, it } from "vitest";
import { DEFAULT_VALUES, composerSchema, fieldErrors, type ComposerValues } from "./schema";

// As the form sends it: no aspect ratio unless text-to-video asks for one.
const valid: ComposerValues = { ...DEFAULT_VALUES, aspectRatio: "", prompt: "A fox in the snow" };

function errorsFor(overrides: Partial<Record<keyof ComposerValues, unknown>>) {
  const result = composerSchema.safeParse({ ...valid, ...overrides });
  return result.success ? {} : fieldErrors(result.error);
}

describe("composerSchema", () => {
  it("accepts a plain text-to-video request and fills defaults for fields left out", () => {
    const result = composerSchema.safeParse({ prompt: "A fox in the snow" });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ duration: 5, resolution: "1080p", aspectRatio: "", seed: null });
  });

  it.each([
    [2, true],
    [15, true],
    [1, false],
    [16, false],
    [2.5, false],
  ])("duration %s → accepted: %s", (duration, ok) => {
    expect(composerSchema.safeParse({ ...valid, duration }).success).toBe(ok);
  });

  it("says what is wrong with a duration of 1, 16 and 2.5", () => {
    expect(errorsFor({ duration: 1 }).duration).toEqual(["Duration must be at least 2 seconds."]);
    expect(errorsFor({ duration: 16 }).duration).toEqual(["Duration must be at most 15 seconds."]);
    expect(errorsFor({ duration: 2.5 }).duration).toEqual(["Duration must be a whole number of seconds from 2 to 15."]);
    expect(errorsFor({ duration: Number.NaN }).duration?.[0]).toMatch(/whole number of seconds/);
  });

  it("refuses an image together with a clip, at the clip field", () => {
    const errors = errorsFor({ image: "https://example.com/a.jpg", firstClip: "https://example.com/b.mp4" });
    expect(errors.firstClip?.[0]).toMatch(/either a first-frame image or a clip to continue, not both/);
  });

  it("refuses a last frame with nothing to start from", () => {
    expect(errorsFor({ lastFrame: "https://example.com/end.jpg" }).lastFrame?.[0]).toMatch(
      /A last frame needs a start/,
    );
  });

  it("accepts a last frame with an image or with a clip", () => {
    for (const start of [{ image: "https://e.com/a.jpg" }, { firstClip: "https://e.com/a.mp4" }]) {
      expect(composerSchema.safeParse({ ...valid, ...start, lastFrame: "https://e.com/z.jpg" }).success).toBe(true);
    }
  });

  it("refuses an aspect ratio with an image, and accepts it in text-to-video", () => {
    expect(errorsFor({ image: "https://e.com/a.jpg", aspectRatio: "9:16" }).aspectRatio?.[0]).toMatch(
      /Aspect ratio is for text-to-video only/,
    );
    expect(errorsFor({ firstClip: "https://e.com/a.mp4", aspectRatio: "1:1" }).aspectRatio).toBeDefined();
    expect(composerSchema.safeParse({ ...valid, aspectRatio: "9:16" }).success).toBe(true);
    expect(errorsFor({ aspectRatio: "21:9" }).aspectRatio?.[0]).toMatch(/must be one of 16:9, 9:16, 1:1, 4:3, 3:4/);
  });

  it("takes a 5,000-character prompt and refuses 5,001 with the count", () => {
    expect(composerSchema.safeParse({ ...valid, prompt: "a".repeat(5000) }).success).toBe(true);
    expect(errorsFor({ prompt: "a".repeat(5001) }).prompt).toEqual([
      "The prompt is 5,001 characters; Wan 2.7 takes at most 5,000. Shorten it.",
    ]);
  });

  it("refuses an empty or blank prompt", () => {
    expect(errorsFor({ prompt: "" }).prompt?.[0]).toMatch(/Write a prompt/);
    expect(errorsFor({ prompt: "   \n" }).prompt?.[0]).toMatch(/Write a prompt/);
  });

  it("caps the negative prompt at 2,500 characters", () => {
    expect(composerSchema.safeParse({ ...valid, negativePrompt: "b".repeat(2500) }).success).toBe(true);
    expect(errorsFor({ negativePrompt: "b".repeat(2501) }).negativePrompt?.[0]).toMatch(/at most 2,500/);
  });

  it.each(["ftp://example.com/a.jpg", "/images/a.jpg", "example.com/a.jpg", "https://", "javascript:alert(1)"])(
    "refuses %s as an image URL",
    (image) => {
      expect(errorsFor({ image }).image).toEqual([
        "First-frame image must be a full web address starting with https:// or http://, like https://example.com/start.jpg.",
      ]);
    },
  );

  it("accepts http and https URLs in every URL field, ignoring surrounding spaces", () => {
    const result = composerSchema.safeParse({
      ...valid,
      firstClip: "  https://example.com/intro.mp4 ",
      lastFrame: "http://example.com/end.png",
      audio: "https://example.com/voice.mp3",
    });
    expect(result.success).toBe(true);
    expect(result.data?.firstClip).toBe("https://example.com/intro.mp4");
  });

  it.each([
    [0, true],
    [2147483647, true],
    [-1, false],
    [2147483648, false],
    [1.5, false],
  ])("seed %s → accepted: %s", (seed, ok) => {
    const result = composerSchema.safeParse({ ...valid, seed });
    expect(result.success).toBe(ok);
    if (!ok) {
      expect(fieldErrors(result.error!).seed).toEqual([
        "Seed must be a whole number from 0 to 2,147,483,647, or empty for a random seed.",
      ]);
    }
  });

  it("reports every broken field at once", () => {
    const errors = errorsFor({ prompt: "", duration: 16, seed: -1, audio: "ftp://x" });
    expect(Object.keys(errors).sort()).toEqual(["audio", "duration", "prompt", "seed"]);
  });
});
