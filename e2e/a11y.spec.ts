import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ComposerPage } from "./support/composer-page";
import { Standin } from "./support/standin";

/** WCAG 2.1 A and AA rules that axe can check automatically. */
async function violations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`the composer passes axe's WCAG 2.1 AA checks in ${colorScheme} mode, errors and notes included`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    const c = new ComposerPage(page);
    // A link with a refused value and a conflict shows the notes and the alerts too.
    await c.goto(
      `?p=&d=99&img=${encodeURIComponent("https://e.com/a.jpg")}&clip=${encodeURIComponent("https://e.com/b.mp4")}`,
    );
    await expect(page.getByRole("alert").first()).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
}

test("a finished job passes axe's checks", async ({ page, request }) => {
  await new Standin(request).reset({ jobMs: 1000 });
  const c = new ComposerPage(page);
  await c.goto("?p=Accessible");
  await page.getByRole("button", { name: "Generate video" }).click();
  await expect(page.getByLabel("Generated video")).toBeVisible({ timeout: 20_000 });
  expect(await violations(page)).toEqual([]);
});

test("on a phone, the composer passes axe's checks", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await new ComposerPage(page).goto("?p=Phone");
  expect(await violations(page)).toEqual([]);
  await context.close();
});
