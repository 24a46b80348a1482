import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AppError,
  ERROR_CODES,
  asAppError,
  errorFromResponse,
  errorResponse,
  parseRetryAfter,
  redactSecrets,
  toErrorBody,
} from "./errors";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("AppError", () => {
  it.each([
    ["invalid_request", 400, false],
    ["not_configured", 503, false],
    ["unauthorized", 502, false],
    ["insufficient_credits", 402, false],
    ["rate_limited", 429, true],
    ["idempotency_conflict", 409, false],
    ["not_found", 404, false],
    ["upstream_unavailable", 503, true],
    ["upstream_timeout", 504, true],
    ["bad_upstream_response", 502, true],
    ["network", 0, true],
    ["internal", 500, true],
  ] as const)("%s answers %i (retryable: %s)", (code, status, retryable) => {
    const err = new AppError(code);
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(retryable);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it("covers every code in the table above", () => {
    expect(ERROR_CODES).toHaveLength(12);
  });

  it("tells the operator how to configure the key", () => {
    expect(new AppError("not_configured").message).toContain("APIFRAME_API_KEY in .env.local");
    expect(new AppError("not_configured").message).toContain("npm run dev:standin");
  });

  it("writes credit numbers with thousands separators", () => {
    const err = new AppError("insufficient_credits", undefined, { creditsRequired: 12_600, creditsAvailable: 1_200 });
    expect(err.message).toMatch(/^This request needs 12,600 credits; the account has 1,200\./);
  });
});

describe("toErrorBody / errorFromResponse", () => {
  it("round-trips every field", () => {
    const original = new AppError("invalid_request", "Fix the marked fields.", {
      fields: { duration: ["Duration must be at most 15 seconds."], form: ["x"] },
    });
    const back = errorFromResponse(400, JSON.parse(JSON.stringify(toErrorBody(original))));
    expect(back).toBeInstanceOf(AppError);
    expect(toErrorBody(back)).toEqual(toErrorBody(original));
    expect(back.status).toBe(400);
  });

  it("round-trips credits and retryAfter", () => {
    for (const original of [
      new AppError("insufficient_credits", undefined, { creditsRequired: 260, creditsAvailable: 120 }),
      new AppError("rate_limited", undefined, { retryAfter: 12 }),
    ]) {
      const back = errorFromResponse(original.status, JSON.parse(JSON.stringify(toErrorBody(original))));
      expect(back).toMatchObject({
        code: original.code,
        message: original.message,
        status: original.status,
        retryable: original.retryable,
      });
      expect(toErrorBody(back)).toEqual(toErrorBody(original));
    }
  });

  it("leaves out absent extras instead of sending undefined", () => {
    expect(toErrorBody(new AppError("not_found"))).toEqual({
      error: { code: "not_found", message: expect.any(String) },
    });
  });

  it.each([
    [502, "<html>Bad Gateway</html>", "bad_upstream_response"],
    [503, null, "upstream_unavailable"],
    [504, { message: "timeout" }, "upstream_timeout"],
    [500, { error: "TypeError: x is undefined\n    at foo.js:1" }, "internal"],
    [404, undefined, "not_found"],
    [413, { error: { code: "made_up", message: "?" } }, "invalid_request"],
  ] as const)("falls back on the status when a %i body is not ours", (status, json, code) => {
    const err = errorFromResponse(status, json);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    // Never someone else's raw text.
    expect(err.message).not.toMatch(/Bad Gateway|TypeError|made_up/);
  });

  it("reads Retry-After from the headers when a 429 body is not ours", () => {
    const err = errorFromResponse(429, "slow down", new Headers({ "Retry-After": "9" }));
    expect(err.code).toBe("rate_limited");
    expect(err.retryAfter).toBe(9);
  });
});

describe("errorResponse", () => {
  it("answers an AppError with its status, JSON body and no-store", async () => {
    const res = errorResponse(
      new AppError("insufficient_credits", undefined, { creditsRequired: 260, creditsAvailable: 120 }),
    );
    expect(res.status).toBe(402);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Retry-After")).toBeNull();
    expect(await res.json()).toEqual({
      error: {
        code: "insufficient_credits",
        message: expect.stringContaining("260 credits"),
        creditsRequired: 260,
        creditsAvailable: 120,
      },
    });
  });

  it("sets Retry-After when the error has one", () => {
    const res = errorResponse(new AppError("rate_limited", undefined, { retryAfter: 30 }));
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("30");
  });

  it("answers anything else with a generic 500, logging the detail without the key", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(new Error("db exploded near afk_live_abcdef123"));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("internal");
    expect(body.error.message).not.toMatch(/exploded|afk_/);
    expect(Object.keys(body.error)).toEqual(["code", "message"]);
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0]?.[0]);
    expect(line).toContain("db exploded");
    expect(line).not.toContain("afk_live_abcdef123");
  });

  it("never answers with a status a Response cannot carry", () => {
    expect(errorResponse(new AppError("network")).status).toBe(500);
  });
});

describe("helpers", () => {
  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-07-01T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Wed, 01 Jul 2026 12:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter("Wed, 01 Jul 2026 11:00:00 GMT", now)).toBe(1);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("reads fetch's TypeError as network and anything unknown as internal", () => {
    expect(asAppError(new TypeError("Failed to fetch")).code).toBe("network");
    expect(asAppError("???").code).toBe("internal");
    const same = new AppError("not_found");
    expect(asAppError(same)).toBe(same);
  });

  it("redacts anything shaped like an apiframe key", () => {
    expect(redactSecrets("key=afk_AbC-12_x3 end")).toBe("key=afk_[redacted] end");
  });
});
