import { describe, expect, it } from "vitest";
import { CREDIT_RATES, RESOLUTIONS } from "./params";
import { activeValues, costWorking, detectMode, estimateCost } from "./mode";
import { DEFAULT_VALUES } from "./schema";

const IMG = "https://example.com/start.jpg";
const CLIP = "https://example.com/intro.mp4";
const END = "https://example.com/end.jpg";

describe("detectMode", () => {
  it.each([
    ["", "", "", "text-to-video"],
    [IMG, "", "", "image-to-video"],
    [IMG, "", END, "first-last-frame"],
    ["", CLIP, "", "continuation"],
    ["", CLIP, END, "continuation-to-last-frame"],
    [IMG, CLIP, "", null],
    [IMG, CLIP, END, null],
  ] as const)("image=%s clip=%s last=%s → %s", (image, firstClip, lastFrame, mode) => {
    expect(detectMode({ image, firstClip, lastFrame })).toBe(mode);
  });

  it("treats a last frame alone as text-to-video (it is dropped from the request)", () => {
    expect(detectMode({ image: "", firstClip: "", lastFrame: END })).toBe("text-to-video");
  });

  it("ignores fields holding only spaces", () => {
    expect(detectMode({ image: "  ", firstClip: "", lastFrame: "" })).toBe("text-to-video");
  });
});

describe("estimateCost", () => {
  const cases = [
    { source: "text", image: "", firstClip: "", resolution: "720p", rate: 17 },
    { source: "text", image: "", firstClip: "", resolution: "1080p", rate: 17 },
    { source: "image", image: IMG, firstClip: "", resolution: "720p", rate: 17 },
    { source: "image", image: IMG, firstClip: "", resolution: "1080p", rate: 26 },
    { source: "clip", image: "", firstClip: CLIP, resolution: "720p", rate: 17 },
    { source: "clip", image: "", firstClip: CLIP, resolution: "1080p", rate: 26 },
  ] as const;

  it.each(cases)("$source input at $resolution costs $rate credits per second", (c) => {
    for (let duration = 2; duration <= 15; duration++) {
      expect(estimateCost({ ...c, duration })).toEqual({ rate: c.rate, seconds: duration, credits: c.rate * duration });
    }
  });

  it("prices a 10 s image-to-video clip at 1080p at 260 credits", () => {
    const cost = estimateCost({ image: IMG, firstClip: "", resolution: "1080p", duration: 10 });
    expect(cost?.credits).toBe(260);
    expect(costWorking(cost!)).toBe("26 credits/s × 10 s = 260 credits");
  });

  it("reads every rate from the credit table", () => {
    for (const resolution of RESOLUTIONS) {
      expect(estimateCost({ image: "", firstClip: "", resolution, duration: 1 + 1 })?.rate).toBe(
        CREDIT_RATES.text[resolution],
      );
    }
  });

  it("has no price while the duration is invalid", () => {
    for (const duration of [1, 16, 2.5, Number.NaN]) {
      expect(estimateCost({ image: "", firstClip: "", resolution: "720p", duration })).toBeNull();
    }
  });
});

describe("activeValues", () => {
  it("drops the aspect ratio once an image or clip is given", () => {
    expect(activeValues({ ...DEFAULT_VALUES, image: IMG, aspectRatio: "9:16" }).aspectRatio).toBe("");
    expect(activeValues({ ...DEFAULT_VALUES, firstClip: CLIP, aspectRatio: "9:16" }).aspectRatio).toBe("");
    expect(activeValues({ ...DEFAULT_VALUES, aspectRatio: "9:16" }).aspectRatio).toBe("9:16");
  });

  it("drops a last frame that has nothing to start from", () => {
    expect(activeValues({ ...DEFAULT_VALUES, lastFrame: END }).lastFrame).toBe("");
    expect(activeValues({ ...DEFAULT_VALUES, image: IMG, lastFrame: END }).lastFrame).toBe(END);
  });

  it("keeps an image and a clip together so the conflict is shown, not resolved silently", () => {
    const v = activeValues({ ...DEFAULT_VALUES, image: IMG, firstClip: CLIP });
    expect([v.image, v.firstClip]).toEqual([IMG, CLIP]);
  });
});
