import { expect, test, type Page } from "@playwright/test";
import { ComposerPage } from "./support/composer-page";
import { Standin } from "./support/standin";

const IMG = "https://example.com/start.jpg";
const CLIP = "https://example.com/intro.mp4";
const END = "https://example.com/end.jpg";

let standin: Standin;
test.beforeEach(async ({ request }) => {
  standin = new Standin(request);
  await standin.reset({ jobMs: 2500, balance: 4500 });
});

const generateButton = (page: Page) => page.getByRole("button", { name: "Generate video" });
const job = (page: Page) => page.getByRole("article", { name: "Job" });

/** The video is really there and decodable: metadata loaded, with a duration. */
async function expectPlayableVideo(page: Page) {
  const video = page.getByLabel("Generated video");
  await expect(video).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => (v.readyState >= 2 ? v.duration : 0)), { timeout: 10_000 })
    .toBeGreaterThan(1);
}

test.describe("each mode from the form to a playing video", () => {
  const modes = [
    { mode: "Text-to-video", fill: async () => {}, credits: 85 },
    {
      mode: "Image-to-video",
      fill: async (c: ComposerPage) => {
        await c.source("A first-frame image").check();
        await c.image.fill(IMG);
      },
      credits: 130,
    },
    {
      mode: "First-and-last-frame",
      fill: async (c: ComposerPage) => {
        await c.source("A first-frame image").check();
        await c.image.fill(IMG);
        await c.lastFrame.fill(END);
      },
      credits: 130,
    },
    {
      mode: "Continuation",
      fill: async (c: ComposerPage) => {
        await c.source("A clip to continue").check();
        await c.clip.fill(CLIP);
      },
      credits: 130,
    },
    {
      mode: "Continuation to a last frame",
      fill: async (c: ComposerPage) => {
        await c.source("A clip to continue").check();
        await c.clip.fill(CLIP);
        await c.lastFrame.fill(END);
        await c.resolution("720p").check();
      },
      credits: 85,
    },
  ];

  for (const m of modes) {
    test(`${m.mode}: ${m.credits} credits estimated and charged`, async ({ page }) => {
      const c = new ComposerPage(page);
      await c.goto();
      await c.prompt.fill(`A test of ${m.mode}`);
      await m.fill(c);
      await c.expectMode(m.mode);
      await c.expectCost(String(m.credits));
      await expect(page.getByText(`${m.credits} of your 4,500 credits`)).toBeVisible();
      await generateButton(page).click();
      await expect(job(page)).toContainText(/Queued|Processing/);
      await expectPlayableVideo(page);
      await expect(job(page)).toContainText(`Charged ${m.credits} credits (estimated ${m.credits}).`);
      const download = page.getByRole("link", { name: "Download video" });
      await expect(download).toHaveAttribute("href", /\/api\/jobs\/[0-9a-f-]{36}\/video$/);
      expect((await standin.stats()).submissions).toBe(1);
      // The balance shown follows what was charged.
      await expect(page.getByText(`of your ${(4500 - m.credits).toLocaleString("en-US")} credits`)).toBeVisible();
    });
  }
});

test("shows progress while processing, then the video", async ({ page }) => {
  await standin.reset({ jobMs: 9000 });
  const c = new ComposerPage(page);
  await c.goto("?p=Slow%20waves");
  await generateButton(page).click();
  const bar = page.getByRole("progressbar", { name: "Job progress" });
  await expect(job(page)).toContainText("Processing", { timeout: 15_000 });
  await expect
    .poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await expectPlayableVideo(page);
});

test("the download link gives the video file", async ({ page, request }) => {
  const c = new ComposerPage(page);
  await c.goto("?p=Download%20me");
  await generateButton(page).click();
  await expectPlayableVideo(page);
  const href = await page.getByRole("link", { name: "Download video" }).getAttribute("href");
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="wan-2\.7-.+\.mp4"$/);
  const bytes = await res.body();
  expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
});

test("a double click makes one job", async ({ page }) => {
  const c = new ComposerPage(page);
  await c.goto("?p=Only%20once");
  await generateButton(page).dblclick();
  await page.keyboard.press("Control+Enter");
  await expectPlayableVideo(page);
  const stats = await standin.stats();
  expect(stats.submissions).toBe(1);
  expect(stats.generateRequests).toHaveLength(1);
});

test("Ctrl+Enter sends the request", async ({ page }) => {
  const c = new ComposerPage(page);
  await c.goto("?p=By%20keyboard");
  await c.prompt.focus();
  await page.keyboard.press("Control+Enter");
  await expectPlayableVideo(page);
  expect((await standin.stats()).submissions).toBe(1);
});

test("a short balance is shown before sending, and apiframe's 402 shows the shortfall", async ({ page }) => {
  await standin.reset({ balance: 100 });
  const c = new ComposerPage(page);
  await c.goto("?p=Too%20expensive&d=8");
  await expect(page.getByText("136 of your 100 credits")).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "Balance too low: 136 credits needed, 100 available." }),
  ).toBeVisible();
  await generateButton(page).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "This request needs 136 credits; the account has 100. Top up" }),
  ).toBeVisible();
  const stats = await standin.stats();
  expect(stats.submissions).toBe(0);
  expect(stats.balance).toBe(100);
});

test("a 429 waits for Retry-After, then succeeds with the same idempotency key", async ({ page }) => {
  await standin.faults("generate", { kind: "429", retryAfter: 2 });
  const c = new ComposerPage(page);
  await c.goto("?p=Busy%20hour");
  await generateButton(page).click();
  await expect(page.getByRole("status").filter({ hasText: "apiframe asked us to wait 2 s" })).toBeVisible();
  await expectPlayableVideo(page);
  const stats = await standin.stats();
  expect(stats.submissions).toBe(1);
  expect(stats.generateRequests.map((r) => r.status)).toEqual([429, 202]);
  const keys = new Set(stats.generateRequests.map((r) => r.idempotencyKey));
  expect(keys.size).toBe(1);
});

test("a 503 and a dropped answer are retried with the same idempotency key and make one job", async ({ page }) => {
  await standin.faults("generate", { kind: "503" }, { kind: "drop-after-accept" });
  const c = new ComposerPage(page);
  await c.goto("?p=Flaky%20network");
  await generateButton(page).click();
  await expectPlayableVideo(page);
  const stats = await standin.stats();
  expect(stats.submissions).toBe(1);
  expect(stats.generateRequests.length).toBe(3);
  expect(new Set(stats.generateRequests.map((r) => r.idempotencyKey)).size).toBe(1);
});

test("a reload mid-job resumes following the same job", async ({ page }) => {
  await standin.reset({ jobMs: 8000 });
  const c = new ComposerPage(page);
  await c.goto("?p=Keep%20me");
  await generateButton(page).click();
  await expect(job(page)).toBeVisible();
  const url = await c.settledUrl("job=");
  const jobId = new URL(url).searchParams.get("job");
  await page.reload();
  await expect(c.prompt).toHaveValue("Keep me");
  await expect(job(page)).toContainText(/Queued|Processing/);
  await expectPlayableVideo(page);
  const stats = await standin.stats();
  expect(stats.submissions).toBe(1);
  expect(stats.jobs).toEqual([jobId]);
});

test("a failed job shows its reason and the refund", async ({ page }) => {
  await standin.failNext("Content policy violation: the prompt was refused by the provider");
  const c = new ComposerPage(page);
  await c.goto("?p=Refused");
  await generateButton(page).click();
  await expect(page.getByRole("alert").filter({ hasText: "The job failed: Content policy violation" })).toBeVisible({
    timeout: 20_000,
  });
  await expect(job(page)).toContainText("refunded");
  await expect.poll(async () => (await standin.stats()).balance).toBe(4500);
});

test("an invalid request gets field messages and is never sent upstream", async ({ request }) => {
  const res = await request.post("/api/generate", {
    data: {
      values: { prompt: "", duration: 16, image: "ftp://x", firstClip: "https://e.com/c.mp4" },
      idempotencyKey: "test-key-123",
    },
  });
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("invalid_request");
  expect(body.error.fields.duration).toEqual(["Duration must be at most 15 seconds."]);
  expect(body.error.fields.prompt[0]).toMatch(/Write a prompt/);
  expect(body.error.fields.image[0]).toMatch(/https:\/\//);
  expect((await standin.stats()).generateRequests).toHaveLength(0);
});

test("a job id that is not a UUID is refused without an upstream call", async ({ request }) => {
  const res = await request.get("/api/jobs/not-a-job");
  expect(res.status()).toBe(400);
  expect((await res.json()).error.message).toMatch(/UUID/);
});

test("a reload while the request is in flight sends it again as the same request: one job", async ({ page }) => {
  await standin.faults("generate", { kind: "slow", ms: 3000 });
  const c = new ComposerPage(page);
  await c.goto("?p=Mid-flight");
  await generateButton(page).click();
  await expect(page.getByRole("status").filter({ hasText: "Sending the request…" })).toBeVisible();
  await page.reload();
  // The page never learned the job's id; it finds the job by sending the same request again.
  await expectPlayableVideo(page);
  await expect.poll(async () => (await standin.stats()).generateRequests.length).toBe(2);
  const stats = await standin.stats();
  expect(stats.submissions).toBe(1);
  expect(new Set(stats.generateRequests.map((r) => r.idempotencyKey)).size).toBe(1);
});

test("a finished job stays reachable from the recent jobs after the panel is closed", async ({ page }) => {
  const c = new ComposerPage(page);
  await c.goto("?p=Remember%20me&d=4");
  await generateButton(page).click();
  await expectPlayableVideo(page);
  await page.getByRole("button", { name: "Close" }).click();
  await expect(job(page)).toHaveCount(0);
  await expect.poll(() => page.url()).not.toContain("job=");

  await c.prompt.fill("Something else entirely");
  const recent = page.getByRole("region", { name: "Your recent jobs" });
  await expect(recent).toContainText("Remember me");
  await expect(recent).toContainText("Completed · 68 credits");
  await recent.getByRole("link", { name: /Open the job “Remember me/ }).click();
  await expect(c.prompt).toHaveValue("Remember me");
  await expect(c.duration).toHaveValue("4");
  await expectPlayableVideo(page);
  expect((await standin.stats()).submissions).toBe(1);
});
