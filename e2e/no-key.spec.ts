import { expect, test } from "@playwright/test";
import { ComposerPage } from "./support/composer-page";
import { NO_KEY_APP_PORT } from "./support/env";
import { Standin } from "./support/standin";

// This server runs with no apiframe key at all.
test.use({ baseURL: `http://127.0.0.1:${NO_KEY_APP_PORT}` });

test("with no key, composing, pricing, sharing and code export work, and Generate says how to add a key", async ({
  page,
  request,
}) => {
  const standin = new Standin(request);
  await standin.reset();
  const c = new ComposerPage(page);
  await c.goto();
  await expect(page.getByText("This server has no apiframe key yet")).toBeVisible();
  // Uploads go through the key too: no upload buttons without one.
  await c.source("A first-frame image").check();
  await expect(page.getByRole("button", { name: /^Upload/ })).toHaveCount(0);
  await c.source("Nothing (text only)").check();

  await c.prompt.fill("No key needed to compose");
  await c.source("A first-frame image").check();
  await c.image.fill("https://example.com/start.jpg");
  await c.setDuration(10);
  await c.expectMode("Image-to-video");
  await c.expectCost("260", "26 credits/s × 10 s = 260 credits");

  await page.getByRole("button", { name: "Copy share link" }).click();
  expect(await c.clipboard()).toContain("p=No+key+needed+to+compose");
  await page.getByRole("tab", { name: "curl" }).click();
  await page.getByRole("button", { name: "Copy curl" }).click();
  await expect.poll(() => c.clipboard()).toContain('"image": "https://example.com/start.jpg"');

  await page.getByRole("button", { name: "Generate video" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "no apiframe key" });
  await expect(alert).toContainText("APIFRAME_API_KEY");
  await expect(alert).toContainText("npm run dev:standin");
  expect((await standin.stats()).generateRequests).toHaveLength(0);
});

test("with no key, the API answers 503 not_configured, after checking the request", async ({ request }) => {
  const account = await request.get("/api/account");
  expect(account.status()).toBe(503);
  expect((await account.json()).error.code).toBe("not_configured");

  const invalid = await request.post("/api/generate", {
    data: { values: { prompt: "" }, idempotencyKey: "key-12345678" },
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.fields.prompt).toBeDefined();

  const valid = await request.post("/api/generate", {
    data: { values: { prompt: "ok" }, idempotencyKey: "key-12345678" },
  });
  expect(valid.status()).toBe(503);
  expect((await valid.json()).error.message).toMatch(/APIFRAME_API_KEY/);
});
