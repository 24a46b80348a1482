import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composerValues } from "@/lib/test/arbitraries";
import { buildUpstreamBody } from "./body";
import { PRESETS } from "./presets";
import { DEFAULT_VALUES, composerSchema } from "./schema";

const specDir = fileURLToPath(new URL("../../../shared/spec/", import.meta.url));
const schemas = JSON.parse(readFileSync(`${specDir}apiframe-schemas.json`, "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateRequest = ajv.compile(schemas.GenerateVideoRequest_wan27);

describe("buildUpstreamBody", () => {
  it("sends prompt, model and only the parameters that are set", () => {
    expect(buildUpstreamBody({ ...DEFAULT_VALUES, prompt: "Waves" })).toEqual({
      prompt: "Waves",
      model: "wan-2.7",
      wan27Params: { duration: 5, resolution: "1080p", aspect_ratio: "16:9" },
    });
  });

  it("uses apiframe's names for every parameter", () => {
    const body = buildUpstreamBody({
      ...DEFAULT_VALUES,
      prompt: "p",
      negativePrompt: "blur",
      firstClip: "https://e.com/c.mp4",
      lastFrame: "https://e.com/z.jpg",
      audio: "https://e.com/a.mp3",
      promptExpansion: true,
      seed: 0,
    });
    expect(body.wan27Params).toEqual({
      first_clip: "https://e.com/c.mp4",
      last_frame: "https://e.com/z.jpg",
      audio: "https://e.com/a.mp3",
      duration: 5,
      resolution: "1080p",
      negative_prompt: "blur",
      enable_prompt_expansion: true,
      seed: 0,
    });
  });

  it("leaves out an aspect ratio the form hides once an image is given", () => {
    const body = buildUpstreamBody({
      ...DEFAULT_VALUES,
      prompt: "p",
      image: "https://e.com/a.jpg",
      aspectRatio: "9:16",
    });
    expect(body.wan27Params).not.toHaveProperty("aspect_ratio");
  });

  it("reproduces the three request examples of the model page from the presets", () => {
    const page = readFileSync(`${specDir}wan-2.7.md`, "utf8");
    const examples = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    expect(examples).toHaveLength(3);
    expect(PRESETS.map((p) => buildUpstreamBody(p.values))).toEqual(examples);
    // Same key order too: the JSON a person compares with the page reads the same.
    expect(PRESETS.map((p) => JSON.stringify(buildUpstreamBody(p.values)))).toEqual(
      examples.map((e) => JSON.stringify(e)),
    );
  });

  it("contract: every valid state gives a body that apiframe's schema accepts", () => {
    fc.assert(
      fc.property(composerValues, (values) => {
        expect(composerSchema.safeParse(values).success).toBe(true);
        const body = buildUpstreamBody(values);
        const ok = validateRequest(body);
        if (!ok) throw new Error(JSON.stringify(validateRequest.errors));
      }),
      { numRuns: 500 },
    );
  });

  it("contract: the schema check is real (a body with an unknown key is refused)", () => {
    const body = { ...buildUpstreamBody({ ...DEFAULT_VALUES, prompt: "p" }), extra: 1 };
    expect(validateRequest(body)).toBe(false);
  });
});
