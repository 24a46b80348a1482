import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { expect, test } from "@playwright/test";
import { ComposerPage } from "./support/composer-page";
import { CANARY_KEY, STANDIN_URL } from "./support/env";
import { Standin } from "./support/standin";

const schemas = JSON.parse(readFileSync("../shared/spec/apiframe-schemas.json", "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateRequest = ajv.compile(schemas.GenerateVideoRequest_wan27);

test("what the server sends upstream is the JSON the page shows, and apiframe's schema accepts it", async ({
  page,
  request,
}) => {
  const standin = new Standin(request);
  await standin.reset({ jobMs: 1500 });
  const c = new ComposerPage(page);
  await c.goto();
  await c.prompt.fill(`Every field: "quotes", it's, ünïcødé 😀\nand a second line`);
  await c.negativePrompt.fill("blur, watermark");
  await c.source("A clip to continue").check();
  await c.clip.fill("https://example.com/intro.mp4");
  await c.lastFrame.fill("https://example.com/end.jpg");
  await c.audio.fill("https://example.com/voice.mp3");
  await c.resolution("720p").check();
  await c.setDuration(11);
  await c.seed.fill("2147483647");
  await c.promptExpansion.check();
  const shown = JSON.parse((await page.getByRole("tabpanel").locator("pre").textContent())!);

  await page.getByRole("button", { name: "Generate video" }).click();
  await expect(page.getByRole("article", { name: "Job" })).toContainText("Completed", { timeout: 20_000 });
  const [jobId] = (await standin.stats()).jobs;
  const upstream = await request.get(`${STANDIN_URL}/v2/jobs/${jobId}`, { headers: { "X-API-Key": CANARY_KEY } });
  const sent = (await upstream.json()).input;

  expect(sent).toEqual(shown);
  expect(validateRequest(sent), JSON.stringify(validateRequest.errors)).toBe(true);
  expect(sent.wan27Params).toEqual({
    first_clip: "https://example.com/intro.mp4",
    last_frame: "https://example.com/end.jpg",
    audio: "https://example.com/voice.mp3",
    duration: 11,
    resolution: "720p",
    negative_prompt: "blur, watermark",
    enable_prompt_expansion: true,
    seed: 2147483647,
  });
  await expect(page.getByRole("article", { name: "Job" })).toContainText("Charged 187 credits (estimated 187).");
});
