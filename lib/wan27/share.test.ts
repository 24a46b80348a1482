import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composerValues } from "@/lib/test/arbitraries";
import { DEFAULT_VALUES, type ComposerValues } from "./schema";
import { decodeShareParams, encodeShareParams, shareHref } from "./share";

const roundTrip = (values: ComposerValues) => {
  const link = `https://composer.test${shareHref("/", values)}`;
  return decodeShareParams(new URL(link).searchParams);
};

describe("share links", () => {
  it("survive the round trip exactly for every valid form state", () => {
    fc.assert(
      fc.property(composerValues, (values) => {
        expect(roundTrip(values)).toEqual({ values, dropped: [] });
      }),
      { numRuns: 1000 },
    );
  });

  it("keep the default form out of the link", () => {
    expect(encodeShareParams(DEFAULT_VALUES).toString()).toBe("");
    expect(shareHref("/", { ...DEFAULT_VALUES, duration: 10 })).toBe("/?d=10");
  });

  it("carry a prompt with quotes, newlines, emoji, & and = unchanged", () => {
    const prompt = `He said "it's 5 & 6 = 11"\n😀 #tag 100%`;
    expect(roundTrip({ ...DEFAULT_VALUES, prompt }).values.prompt).toBe(prompt);
  });

  it("drop invalid values with the reason, keep the valid part, and never throw", () => {
    const { values, dropped } = decodeShareParams(
      new URLSearchParams("p=Hello&d=99&res=4k&img=ftp://x/y.jpg&seed=-1&ar=7:5&pe=maybe&zz=1"),
    );
    expect(values).toEqual({ ...DEFAULT_VALUES, prompt: "Hello" });
    expect(dropped.map((d) => d.key).sort()).toEqual(["ar", "d", "img", "pe", "res", "seed"]);
    expect(dropped.find((d) => d.key === "d")).toEqual({
      key: "d",
      value: "99",
      reason: "Duration must be at most 15 seconds.",
    });
  });

  it("read the first value of a repeated key, as Next.js search params give them", () => {
    expect(decodeShareParams({ p: ["first", "second"], d: "7" }).values).toMatchObject({
      prompt: "first",
      duration: 7,
    });
  });

  it("keep an image and a clip together, so the page can ask which one to use", () => {
    const { values, dropped } = decodeShareParams(
      new URLSearchParams("p=x&img=https://e.com/a.jpg&clip=https://e.com/b.mp4"),
    );
    expect([values.image, values.firstClip, dropped]).toEqual(["https://e.com/a.jpg", "https://e.com/b.mp4", []]);
  });

  it("never carry anything named like a key", () => {
    fc.assert(
      fc.property(composerValues, (values) => {
        const keys = [...encodeShareParams(values).keys()];
        expect(keys.some((k) => /key|token|secret|auth/i.test(k))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("survive arbitrary junk without throwing", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("p", "np", "d", "seed", "pe", "res", "ar", "img", "x"), fc.string()),
        (q) => {
          const { values } = decodeShareParams(q);
          expect(values.duration).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});
