#!/usr/bin/env node
// `npm run dev:standin`: the whole app against the local apiframe stand-in,
// with no real key. Starts the stand-in on 127.0.0.1 (STANDIN_PORT, default
// 4010), then `next dev` pointed at it with the stand-in's own key.
import { spawn } from "node:child_process";
import { startStandin } from "../e2e/standin/server.mjs";

const STANDIN_KEY = "afk_standin_local_key";
const standin = await startStandin({
  port: Number(process.env.STANDIN_PORT ?? 4010),
  apiKeys: [STANDIN_KEY],
  balance: Number(process.env.STANDIN_BALANCE ?? 4500),
  jobMs: Number(process.env.STANDIN_JOB_MS ?? 20_000),
});
console.log(`apiframe stand-in on ${standin.url} (balance and jobs reset when this stops)`);

const next = spawn("npm", ["run", "-s", "dev", "--", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    APIFRAME_API_KEY: STANDIN_KEY,
    APIFRAME_BASE_URL: standin.url,
  },
});

const stop = async () => {
  next.kill("SIGTERM");
  await standin.close();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
next.on("exit", async (code) => {
  await standin.close();
  process.exit(code ?? 0);
});
