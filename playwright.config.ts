import { defineConfig, devices } from "@playwright/test";
import { APP_LOG, APP_PORT, CANARY_KEY, NO_KEY_APP_PORT, STANDIN_PORT, STANDIN_URL } from "./e2e/support/env";

/**
 * End-to-end tests run against the production build (`npm run build:e2e`,
 * into .next-e2e) served by `next start`, with the app pointed at the local
 * apiframe stand-in. They drive Debian's Chromium; nothing is downloaded.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  // One worker: the tests share one stand-in whose faults and counters are global.
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: "retain-on-failure",
    permissions: ["clipboard-read", "clipboard-write"],
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  webServer: [
    {
      command: `node e2e/standin/server.mjs`,
      url: `${STANDIN_URL}/__standin/stats`,
      env: { STANDIN_PORT: String(STANDIN_PORT), STANDIN_API_KEYS: CANARY_KEY, STANDIN_JOB_MS: "5000" },
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      // tee keeps every line the server logs, so a test can check that the key is in none.
      command: `mkdir -p .e2e-logs && (npm run -s start -- -H 127.0.0.1 -p ${APP_PORT} 2>&1 | tee ${APP_LOG})`,
      url: `http://127.0.0.1:${APP_PORT}`,
      env: {
        NEXT_DIST_DIR: ".next-e2e",
        NEXT_TELEMETRY_DISABLED: "1",
        APIFRAME_API_KEY: CANARY_KEY,
        APIFRAME_BASE_URL: STANDIN_URL,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npm run -s start -- -H 127.0.0.1 -p ${NO_KEY_APP_PORT}`,
      url: `http://127.0.0.1:${NO_KEY_APP_PORT}`,
      env: {
        NEXT_DIST_DIR: ".next-e2e",
        NEXT_TELEMETRY_DISABLED: "1",
        // Empty means unset (and wins over any .env.local).
        APIFRAME_API_KEY: "",
        APIFRAME_BASE_URL: STANDIN_URL,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
