import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e tests and the stand-in mode build into their own folder so a
  // running `next dev` is never disturbed.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run typecheck` (tsc --noEmit, run by `npm test` before any build)
  // checks the whole project, tests included; checking again here only slows builds.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
