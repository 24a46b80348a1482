import "server-only";
import { z } from "zod";
import { API_ORIGIN } from "@/lib/wan27/params";

/**
 * The server's configuration, parsed once by one schema so a mistake fails
 * with a sentence at the first request instead of deep inside a call. Nothing
 * here is ever `NEXT_PUBLIC_`: the key stays on the server.
 */

// `.env.example` ships `APIFRAME_API_KEY=`: an empty value means "not set".
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const envSchema = z.object({
  APIFRAME_API_KEY: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      // The message must not echo the value: it is a secret even when wrong.
      .startsWith(
        "afk_",
        'APIFRAME_API_KEY is set but is not an apiframe key: keys start with "afk_". Copy it again from console.apiframe.ai.',
      )
      .optional(),
  ),
  APIFRAME_BASE_URL: z.preprocess(
    unsetIfEmpty,
    z
      .url({
        protocol: /^https?$/,
        error: "APIFRAME_BASE_URL must be an http(s) address such as https://api.apiframe.ai.",
      })
      // Paths are appended as "/v2/…", so a trailing slash would double up.
      .transform((url) => url.replace(/\/+$/, ""))
      .default(API_ORIGIN),
  ),
});

export interface ServerEnv {
  /** Undefined when not configured: routes answer 503 not_configured. */
  apiframeApiKey: string | undefined;
  /** No trailing slash. */
  apiframeBaseUrl: string;
}

/** Parses a given environment; throws an Error whose message names what to fix. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const sentences = result.error.issues.map((issue) => issue.message);
    throw new Error(`Invalid server configuration. ${sentences.join(" ")}`);
  }
  return {
    apiframeApiKey: result.data.APIFRAME_API_KEY,
    apiframeBaseUrl: result.data.APIFRAME_BASE_URL,
  };
}

let cached: ServerEnv | undefined;

/** The parsed `process.env`, computed on first use and kept (env does not change while running). */
export function getServerEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}

/** Forget the cached env so a test can change `process.env` between cases. */
export function resetServerEnvForTests(): void {
  cached = undefined;
}
