import { expect, test } from "@playwright/test";
import { ComposerPage } from "./support/composer-page";
import { CANARY_KEY, STANDIN_URL } from "./support/env";
import { Standin } from "./support/standin";

// A real 1×1 PNG: the stand-in, like apiframe, goes by the bytes, not the name.
const PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let standin: Standin;
test.beforeEach(async ({ request }) => {
  standin = new Standin(request);
  await standin.reset({ jobMs: 1500 });
});

test("an uploaded image fills its field, and the video is made from it", async ({ page, request }) => {
  const c = new ComposerPage(page);
  await c.goto("?p=From%20my%20own%20picture");
  await c.source("A first-frame image").check();
  await page
    .getByLabel("First-frame image file")
    .setInputFiles({ name: "pixel.png", mimeType: "image/png", buffer: PIXEL_PNG });
  await expect(page.getByRole("status").filter({ hasText: "Uploaded pixel.png (1 KB)." })).toBeVisible();
  await expect(c.image).toHaveValue(new RegExp(`^${STANDIN_URL}/uploads/[0-9a-f-]+/pixel\\.png$`));
  await c.expectMode("Image-to-video");

  const served = await request.get(await c.image.inputValue());
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(Buffer.from(await served.body()).equals(PIXEL_PNG)).toBe(true);

  await page.getByRole("button", { name: "Generate video" }).click();
  await expect(page.getByRole("article", { name: "Job" })).toContainText("Completed", { timeout: 20_000 });
  const [jobId] = (await standin.stats()).jobs;
  const job = await (
    await request.get(`${STANDIN_URL}/v2/jobs/${jobId}`, { headers: { "X-API-Key": CANARY_KEY } })
  ).json();
  expect(job.input.wan27Params.image).toBe(await c.image.inputValue());
});

test("a file the field cannot take is refused before any upload, with what it takes", async ({ page }) => {
  const c = new ComposerPage(page);
  await c.goto("?p=Wrong%20file");
  await page
    .getByLabel("Driving audio file")
    .setInputFiles({ name: "voice.ogg", mimeType: "audio/ogg", buffer: Buffer.from("OggS\0\0\0\0") });
  await expect(
    page.getByRole("alert").filter({ hasText: "Driving audio must be a WAV or MP3 file; this is audio/ogg." }),
  ).toBeVisible();
  await expect(c.audio).toHaveValue("");
  expect((await standin.stats()).uploads).toBe(0);
});

test("a failed upload to the CDN is retried with the same key and stored once", async ({ page }) => {
  await standin.faults("upload", { kind: "502" }, { kind: "drop-after-accept" });
  const c = new ComposerPage(page);
  await c.goto("?p=Flaky%20upload");
  await c.source("A first-frame image").check();
  await page
    .getByLabel("First-frame image file")
    .setInputFiles({ name: "pixel.png", mimeType: "image/png", buffer: PIXEL_PNG });
  await expect(c.image).toHaveValue(/\/uploads\//, { timeout: 20_000 });
  expect((await standin.stats()).uploads).toBe(1);
});
