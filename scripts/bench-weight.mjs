#!/usr/bin/env node
// Measures how much JavaScript the composer page's first load carries beyond
// the app's own 404 page (gzipped), from a production build served by
// `next start`. Sizes, not times: the number is the same on a busy machine.
//
//   npm run bench:weight                 # builds into .next-e2e if needed
//   WEIGHT_BUDGET_KB=60 npm run bench:weight
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";

const DIST = process.env.NEXT_DIST_DIR ?? ".next-e2e";
const BUDGET_KB = Number(process.env.WEIGHT_BUDGET_KB ?? 60);
const env = { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`server did not answer at ${url}`);
}

/** Every script a page loads at first: <script src> tags, each counted once. */
async function firstLoadScripts(base, path) {
  const html = await (await fetch(base + path)).text();
  return new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]));
}

async function gzipSize(base, src) {
  const res = await fetch(new URL(src, base));
  return gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
}

if (!existsSync(`${DIST}/BUILD_ID`)) {
  console.log(`No build in ${DIST}: building…`);
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = await freePort();
const server = spawn("npm", ["run", "-s", "start", "--", "-H", "127.0.0.1", "-p", String(port)], {
  env,
  stdio: "ignore",
  detached: true,
});
const base = `http://127.0.0.1:${port}`;
try {
  await waitFor(base + "/");
  const composer = await firstLoadScripts(base, "/");
  const notFound = await firstLoadScripts(base, "/this-page-does-not-exist");
  const sizes = new Map();
  for (const src of new Set([...composer, ...notFound])) sizes.set(src, await gzipSize(base, src));
  const total = (set) => [...set].reduce((sum, src) => sum + sizes.get(src), 0);
  const extra = [...composer].filter((src) => !notFound.has(src));
  const extraBytes = extra.reduce((sum, src) => sum + sizes.get(src), 0);
  const kb = (b) => (b / 1024).toFixed(1);

  console.log(`composer page first load: ${kb(total(composer))} KB gzipped (${composer.size} scripts)`);
  console.log(`404 page first load:      ${kb(total(notFound))} KB gzipped (${notFound.size} scripts)`);
  console.log(`composer extra:           ${kb(extraBytes)} KB gzipped, budget ${BUDGET_KB} KB`);
  for (const src of extra.sort((a, b) => sizes.get(b) - sizes.get(a)))
    console.log(`  ${kb(sizes.get(src)).padStart(6)} KB  ${src}`);
  if (extraBytes > BUDGET_KB * 1024) {
    console.error(`Over budget by ${kb(extraBytes - BUDGET_KB * 1024)} KB.`);
    process.exitCode = 1;
  } else {
    console.log(`Within budget: ${kb(BUDGET_KB * 1024 - extraBytes)} KB to spare.`);
  }
} finally {
  process.kill(-server.pid, "SIGTERM");
}
