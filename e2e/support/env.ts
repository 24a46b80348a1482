/** Ports, keys and paths shared by playwright.config.ts and the tests. */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
/** A second server with no key at all: everything but generation must work there. */
export const NO_KEY_APP_PORT = Number(process.env.E2E_NO_KEY_APP_PORT ?? 3101);
export const STANDIN_PORT = Number(process.env.E2E_STANDIN_PORT ?? 4010);
export const STANDIN_URL = `http://127.0.0.1:${STANDIN_PORT}`;
/**
 * The key the app is configured with during the e2e run. It is a canary: the
 * tests check that it appears in no page, script, response or log line.
 */
export const CANARY_KEY = "afk_canary_e2e_never_shown_91";
export const APP_LOG = ".e2e-logs/app.log";
