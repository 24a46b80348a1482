import "server-only";
import { getServerEnv } from "./env";

/**
 * No key is fine (generation is off, everything else works); a malformed
 * configuration stops the server with a sentence that says what to fix. The
 * key itself is never printed.
 */
export function checkConfigAtStart(): void {
  try {
    const env = getServerEnv();
    console.log(
      env.apiframeApiKey
        ? `[config] apiframe key set; requests go to ${env.apiframeBaseUrl}`
        : "[config] no APIFRAME_API_KEY: composing, pricing, sharing and code export work; generation is off until a key is set (or run `npm run dev:standin`).",
    );
  } catch (err) {
    console.error(`[config] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
