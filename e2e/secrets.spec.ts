import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { APP_LOG, CANARY_KEY } from "./support/env";
import { ComposerPage } from "./support/composer-page";
import { Standin } from "./support/standin";

/**
 * The app runs with a canary key. After a whole generation, including an
 * upstream error, the key must appear in no page, script, response or log line.
 */
test("the API key appears in no page, script, response or log line", async ({ page, request }) => {
  const standin = new Standin(request);
  await standin.reset({ jobMs: 2000 });
  await standin.faults("generate", { kind: "503" });

  const seen: Array<{ url: string; body: string }> = [];
  page.on("response", async (res) => {
    try {
      seen.push({ url: res.url(), body: `${JSON.stringify(res.headers())}\n${await res.text()}` });
    } catch {
      // Bodies of redirects and aborted requests cannot be read; nothing to check.
    }
  });

  const c = new ComposerPage(page);
  await c.goto("?p=Canary");
  await page.getByRole("button", { name: "Generate video" }).click();
  await expect(page.getByLabel("Generated video")).toBeVisible({ timeout: 20_000 });
  for (const tab of ["curl", "Python", "JavaScript"]) {
    await page.getByRole("tab", { name: tab }).click();
  }
  const html = await page.content();
  // An upstream refusal of the key must not echo it either.
  const denied = await request.get("/api/jobs/00000000-0000-4000-8000-000000000000");
  seen.push({ url: "denied", body: await denied.text() });

  expect(seen.length).toBeGreaterThan(5);
  expect(seen.some((r) => r.url.includes("/_next/static/") && r.url.endsWith(".js"))).toBe(true);
  for (const r of seen) expect(r.body, r.url).not.toContain(CANARY_KEY);
  expect(html).not.toContain(CANARY_KEY);
  expect(page.url()).not.toContain(CANARY_KEY);

  const log = readFileSync(APP_LOG, "utf8");
  expect(log.length).toBeGreaterThan(0);
  expect(log).not.toContain(CANARY_KEY);
  expect(log).not.toMatch(/afk_canary/);
});
