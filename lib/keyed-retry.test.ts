import { describe, expect, it, vi } from "vitest";
import { AppError } from "./errors";
import type { GenerateAccepted } from "./job";
import { newIdempotencyKey } from "./idempotency";
import { backoffSeconds, sendWithRetries } from "./keyed-retry";

const accepted: GenerateAccepted = {
  jobId: "3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10",
  status: "QUEUED",
  estimate: { credits: 85 },
};

function scripted(...answers: Array<AppError | Error | GenerateAccepted>) {
  const send = vi.fn(async () => {
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  });
  return send;
}

describe("sendWithRetries", () => {
  it("waits for Retry-After on 429 and then succeeds", async () => {
    const waits: number[] = [];
    const send = scripted(new AppError("rate_limited", undefined, { retryAfter: 3 }), accepted);
    const result = await sendWithRetries({ send, sleep: async (ms) => void waits.push(ms) });
    expect(result).toEqual(accepted);
    expect(waits).toEqual([3000]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("retries 503, timeouts and dropped connections with growing waits", async () => {
    const waits: number[] = [];
    const send = scripted(
      new AppError("upstream_unavailable"),
      new AppError("upstream_timeout"),
      new TypeError("fetch failed"),
      accepted,
    );
    await expect(sendWithRetries({ send, sleep: async (ms) => void waits.push(ms) })).resolves.toEqual(accepted);
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it.each([
    "invalid_request",
    "insufficient_credits",
    "unauthorized",
    "not_configured",
    "idempotency_conflict",
  ] as const)("does not retry %s", async (code) => {
    const send = scripted(new AppError(code), accepted);
    await expect(sendWithRetries({ send, sleep: async () => {} })).rejects.toMatchObject({ code });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("gives up after the last attempt with the last error", async () => {
    const send = scripted(...Array.from({ length: 5 }, () => new AppError("upstream_unavailable")));
    await expect(sendWithRetries({ send, sleep: async () => {}, maxAttempts: 5 })).rejects.toMatchObject({
      code: "upstream_unavailable",
    });
    expect(send).toHaveBeenCalledTimes(5);
  });

  it("hands a long Retry-After back to the person instead of waiting minutes", async () => {
    const send = scripted(new AppError("rate_limited", undefined, { retryAfter: 600 }), accepted);
    await expect(sendWithRetries({ send, sleep: async () => {} })).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("tells the page about each wait", async () => {
    const onWait = vi.fn();
    const send = scripted(new AppError("rate_limited", undefined, { retryAfter: 2 }), accepted);
    await sendWithRetries({ send, sleep: async () => {}, onWait });
    expect(onWait).toHaveBeenCalledWith(expect.objectContaining({ seconds: 2, attempt: 1 }));
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const send = scripted(new AppError("upstream_unavailable"), accepted);
    const run = sendWithRetries({
      send,
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
    });
    controller.abort(new Error("left the page"));
    await expect(run).rejects.toThrow("left the page");
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe("backoffSeconds and keys", () => {
  it("grows 1, 2, 4, 8 and stays at 8", () => {
    expect([1, 2, 3, 4, 5, 9].map(backoffSeconds)).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it("makes a different key each press, within apiframe's 255 characters", () => {
    const a = newIdempotencyKey();
    expect(a).not.toBe(newIdempotencyKey());
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,255}$/);
  });
});
