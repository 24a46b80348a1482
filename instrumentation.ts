/**
 * Runs once when the server starts (Next.js instrumentation hook): the
 * configuration is checked here, not deep inside the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigAtStart } = await import("@/lib/server/check-config");
    checkConfigAtStart();
  }
}
