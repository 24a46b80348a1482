import { expect, type Locator, type Page } from "@playwright/test";

/** The composer, as a person sees it: fields by label, regions by heading. */
export class ComposerPage {
  readonly prompt: Locator;
  readonly negativePrompt: Locator;
  readonly image: Locator;
  readonly clip: Locator;
  readonly lastFrame: Locator;
  readonly audio: Locator;
  readonly aspectRatio: Locator;
  readonly duration: Locator;
  readonly durationSlider: Locator;
  readonly seed: Locator;
  readonly promptExpansion: Locator;
  readonly mode: Locator;
  readonly cost: Locator;

  constructor(readonly page: Page) {
    this.prompt = page.getByRole("textbox", { name: "Prompt", exact: true });
    this.negativePrompt = page.getByRole("textbox", { name: "Negative prompt" });
    this.image = page.getByLabel("First-frame image URL");
    this.clip = page.getByLabel("Clip to continue URL");
    this.lastFrame = page.getByLabel("Last frame URL");
    this.audio = page.getByLabel("Driving audio URL");
    this.aspectRatio = page.getByLabel("Aspect ratio");
    this.duration = page.getByRole("spinbutton", { name: "Duration (seconds)" });
    this.durationSlider = page.getByRole("slider", { name: "Duration slider" });
    this.seed = page.getByRole("spinbutton", { name: "Seed" });
    this.promptExpansion = page.getByRole("checkbox", { name: "Enable prompt expansion" });
    this.mode = page.getByRole("region", { name: "Mode" });
    this.cost = page.getByRole("region", { name: "Cost" });
  }

  async goto(query = "") {
    await this.page.goto(`/${query}`);
    await expect(this.prompt).toBeVisible();
  }

  source(name: "Nothing (text only)" | "A first-frame image" | "A clip to continue") {
    return this.page.getByRole("radio", { name });
  }

  resolution(name: "720p" | "1080p") {
    return this.page.getByRole("radio", { name });
  }

  async setDuration(seconds: number) {
    await this.duration.fill(String(seconds));
  }

  async expectCost(credits: string, working?: string) {
    await expect(this.cost).toContainText(`${credits} credits`);
    if (working) await expect(this.cost).toContainText(working);
  }

  async expectMode(label: string) {
    await expect(this.mode.getByText(label, { exact: true })).toBeVisible();
  }

  async clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The page's URL once the debounced sync has caught up with the form. */
  async settledUrl(contains: string) {
    await expect.poll(() => this.page.url()).toContain(contains);
    return this.page.url();
  }
}
