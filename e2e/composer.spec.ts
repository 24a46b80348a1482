import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ComposerPage } from "./support/composer-page";

const IMG = "https://example.com/start.jpg";
const CLIP = "https://example.com/intro.mp4";
const END = "https://example.com/end.jpg";

test.describe("fields follow the mode", () => {
  test("text-to-video shows the aspect ratio and no image, clip or last frame", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    await c.expectMode("Text-to-video");
    await expect(c.source("Nothing (text only)")).toBeChecked();
    await expect(c.aspectRatio).toBeVisible();
    await expect(c.image).toHaveCount(0);
    await expect(c.clip).toHaveCount(0);
    await expect(c.lastFrame).toHaveCount(0);
  });

  test("image-to-video, then first-and-last-frame, then continuation", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    await c.source("A first-frame image").check();
    await expect(c.image).toBeVisible();
    await expect(c.clip).toHaveCount(0);
    await expect(c.lastFrame).toHaveCount(0);
    await c.image.fill(IMG);
    await c.expectMode("Image-to-video");
    await expect(c.aspectRatio).toHaveCount(0);
    await expect(page.getByText("Follows the input image.")).toBeVisible();
    await c.lastFrame.fill(END);
    await c.expectMode("First-and-last-frame");

    await c.source("A clip to continue").check();
    await expect(c.image).toHaveCount(0);
    await expect(c.clip).toBeVisible();
    await expect(c.clip).toHaveValue("");
    await expect(c.lastFrame).toHaveCount(0);
    await c.clip.fill(CLIP);
    await c.expectMode("Continuation to a last frame");
    await expect(c.lastFrame).toHaveValue(END);
    await c.lastFrame.fill("");
    await c.expectMode("Continuation");
    await expect(page.getByText("Follows the input clip.")).toBeVisible();

    // Back to the image: what was typed there is still there.
    await c.source("A first-frame image").check();
    await expect(c.image).toHaveValue(IMG);
    await c.source("Nothing (text only)").check();
    await c.expectMode("Text-to-video");
    await expect(c.aspectRatio).toBeVisible();
  });

  test("a link with both an image and a clip asks which to keep", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto(`?p=Go&img=${encodeURIComponent(IMG)}&clip=${encodeURIComponent(CLIP)}`);
    await expect(page.getByRole("alert").filter({ hasText: "both a first-frame image and a clip" })).toBeVisible();
    await expect(c.image).toHaveValue(IMG);
    await expect(c.clip).toHaveValue(CLIP);
    await page.getByRole("button", { name: "Keep the clip" }).click();
    await expect(c.image).toHaveCount(0);
    await expect(c.clip).toHaveValue(CLIP);
    await c.expectMode("Continuation");
  });
});

test.describe("live cost", () => {
  test("follows every edit with its working", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    await c.expectCost("85", "17 credits/s × 5 s = 85 credits");
    await c.source("A first-frame image").check();
    await c.image.fill(IMG);
    await c.setDuration(10);
    await c.expectCost("260", "26 credits/s × 10 s = 260 credits");
    await c.resolution("720p").check();
    await c.expectCost("170", "17 credits/s × 10 s = 170 credits");
    await c.source("Nothing (text only)").check();
    await c.setDuration(8);
    await c.expectCost("136", "17 credits/s × 8 s = 136 credits");
    await c.durationSlider.fill("15");
    await expect(c.duration).toHaveValue("15");
    await c.expectCost("255");
  });

  test("a duration out of range is announced and has no price", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    await c.setDuration(16);
    await c.duration.blur();
    await expect(page.getByRole("alert").filter({ hasText: "Duration must be at most 15 seconds." })).toBeVisible();
    await expect(c.duration).toHaveAttribute("aria-invalid", "true");
    await expect(c.cost).toContainText("Set a duration from 2 to 15 seconds");
  });
});

test.describe("share links", () => {
  test("a copied link reopens the same form and cost in a fresh page", async ({ page, context }) => {
    const c = new ComposerPage(page);
    await c.goto();
    const prompt = `It's "quoted" & 100% 😀\nsecond line`;
    await c.prompt.fill(prompt);
    await c.negativePrompt.fill("blur");
    await c.source("A clip to continue").check();
    await c.clip.fill(CLIP);
    await c.lastFrame.fill(END);
    await c.audio.fill("https://example.com/voice.mp3");
    await c.resolution("720p").check();
    await c.setDuration(12);
    await c.seed.fill("1234");
    await c.promptExpansion.check();
    await page.getByRole("button", { name: "Copy share link" }).click();
    await expect(page.getByText("Link copied")).toBeVisible();
    const link = await c.clipboard();
    expect(link).not.toMatch(/afk_|key/i);

    const fresh = new ComposerPage(await context.newPage());
    await fresh.page.goto(link);
    await expect(fresh.prompt).toHaveValue(prompt);
    await expect(fresh.negativePrompt).toHaveValue("blur");
    await expect(fresh.source("A clip to continue")).toBeChecked();
    await expect(fresh.clip).toHaveValue(CLIP);
    await expect(fresh.lastFrame).toHaveValue(END);
    await expect(fresh.audio).toHaveValue("https://example.com/voice.mp3");
    await expect(fresh.resolution("720p")).toBeChecked();
    await expect(fresh.duration).toHaveValue("12");
    await expect(fresh.seed).toHaveValue("1234");
    await expect(fresh.promptExpansion).toBeChecked();
    await fresh.expectMode("Continuation to a last frame");
    await fresh.expectCost("204", "17 credits/s × 12 s = 204 credits");
  });

  test("the page's own URL follows the form, so a reload keeps the work", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    await c.prompt.fill("A lighthouse in a storm");
    await c.setDuration(9);
    await c.settledUrl("d=9");
    await page.reload();
    await expect(c.prompt).toHaveValue("A lighthouse in a storm");
    await expect(c.duration).toHaveValue("9");
  });

  test("a shared link is rendered filled on the server (no empty form first)", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/?p=Server%20rendered&d=7&res=720p");
    const c = new ComposerPage(page);
    await expect(c.prompt).toHaveValue("Server rendered");
    await expect(c.duration).toHaveValue("7");
    await expect(c.cost).toContainText("119 credits");
    await context.close();
  });

  test("a link with invalid values opens with the valid part and a visible note", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto("?p=Hello%20there&d=99&res=4k&img=ftp%3A%2F%2Fexample.com%2Fa.jpg&seed=-5");
    await expect(c.prompt).toHaveValue("Hello there");
    await expect(c.duration).toHaveValue("5");
    await expect(c.resolution("1080p")).toBeChecked();
    await expect(c.image).toHaveCount(0);
    const note = page.getByRole("alert").filter({ hasText: "could not be used" });
    await expect(note).toContainText("d=99");
    await expect(note).toContainText("Duration must be at most 15 seconds.");
    await expect(note).toContainText("res=4k");
    await expect(note).toContainText("img=ftp://example.com/a.jpg");
    await expect(note).toContainText("seed=-5");
  });
});

test.describe("presets and code export", () => {
  const specExamples = [...readFileSync("../shared/spec/wan-2.7.md", "utf8").matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1]!),
  );

  test("each example of the model page fills the form and the exact body", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    const names = [
      "Text-to-video: tiger at golden hour",
      "First and last frame: a smile",
      "Continuation: the dragon takes off",
    ];
    for (const [i, name] of names.entries()) {
      await page.getByRole("button", { name }).click();
      await expect(c.prompt).toHaveValue(specExamples[i].prompt);
      const json = await page.getByRole("tabpanel").locator("pre").textContent();
      expect(JSON.parse(json!)).toEqual(specExamples[i]);
    }
    await c.expectMode("Continuation");
    await c.expectCost("208", "26 credits/s × 8 s = 208 credits");

    await page.getByRole("button", { name: "Start over" }).click();
    await expect(c.prompt).toHaveValue("");
    await c.expectMode("Text-to-video");
    await c.expectCost("85");
    await expect.poll(() => new URL(page.url()).search).toBe("");
  });

  test("snippets copy with the placeholder key and the exact body", async ({ page }) => {
    const c = new ComposerPage(page);
    await c.goto();
    await page.getByRole("button", { name: "Text-to-video: tiger at golden hour" }).click();
    for (const [tab, start] of [
      ["curl", "curl -X POST https://api.apiframe.ai/v2/videos/generate"],
      ["Python", "import requests"],
      ["JavaScript", 'const response = await fetch("https://api.apiframe.ai/v2/videos/generate"'],
    ] as const) {
      await page.getByRole("tab", { name: tab }).click();
      await page.getByRole("button", { name: `Copy ${tab}` }).click();
      await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
      const copied = await c.clipboard();
      expect(copied.startsWith(start)).toBe(true);
      expect(copied).toContain("afk_your_api_key_here");
      expect(copied).toContain("A cinematic slow-motion shot of a tiger");
    }
    await page.getByRole("tab", { name: "JSON body" }).click();
    await page.getByRole("button", { name: "Copy JSON body" }).click();
    await expect.poll(async () => JSON.parse(await c.clipboard())).toEqual(specExamples[0]);
  });
});

test("works by keyboard: tab to the prompt, type, and the cost reads the new duration", async ({ page }) => {
  const c = new ComposerPage(page);
  await c.goto();
  await c.prompt.focus();
  await page.keyboard.type("Keyboard only");
  await c.duration.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("4");
  await c.expectCost("68");
  await page.getByRole("slider", { name: "Duration slider" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(c.duration).toHaveValue("5");
});

test("a link with the longest prompt in a non-Latin script still opens, filled", async ({ page }) => {
  // 5,000 characters of 3-byte UTF-8 are ~45 KB once percent-encoded: past Node's default 16 KB header limit.
  const prompt = "夕暮れの海".repeat(1000);
  const negativePrompt = "ぼやけ".repeat(800);
  const c = new ComposerPage(page);
  await c.goto(`?${new URLSearchParams({ p: prompt, np: negativePrompt, d: "6" })}`);
  await expect(c.prompt).toHaveValue(prompt);
  await expect(c.negativePrompt).toHaveValue(negativePrompt);
  await expect(page.getByText("5,000 / 5,000")).toBeVisible();
  await c.expectCost("102");
});
