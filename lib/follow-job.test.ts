import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "./errors";
import { abortableSleep, followJob, type FollowJobOptions } from "./follow-job";
import type { JobStatus, JobView } from "./job";

const JOB_ID = "3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10";

function job(status: JobStatus, progress: number | null = null): JobView {
  return {
    id: JOB_ID,
    status,
    progress,
    videoUrl: status === "COMPLETED" ? "https://cdn2.apiframe.ai/v.mp4" : null,
    error: status === "FAILED" ? "Content policy violation" : null,
    creditsCharged: 85,
    createdAt: "2026-07-01T12:00:00.000Z",
    completedAt: null,
    expired: false,
  };
}

type Step = JobView | Error;

/**
 * A fake clock and a fake sleep that only advances it: `waits` records every
 * pause, `readAt` the clock at every fetch. Once the script runs out, the last
 * step repeats.
 */
function harness(script: Step[], options: Partial<FollowJobOptions> = {}) {
  let clock = 0;
  const waits: number[] = [];
  const readAt: number[] = [];
  let i = 0;
  const fetchJob = vi.fn<FollowJobOptions["fetchJob"]>(async () => {
    readAt.push(clock);
    const step = script[Math.min(i++, script.length - 1)];
    if (step === undefined) throw new Error("test: empty script");
    if (step instanceof Error) throw step;
    return step;
  });
  const onUpdate = vi.fn<(job: JobView) => void>();
  const run = () =>
    followJob({
      jobId: JOB_ID,
      fetchJob,
      onUpdate,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      now: () => clock,
      ...options,
    });
  return { run, fetchJob, onUpdate, waits, readAt };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("followJob", () => {
  it("reads at once, then waits 2 s growing ×1.5 up to a 10 s cap", async () => {
    const running = Array.from({ length: 7 }, () => job("PROCESSING", 50));
    const h = harness([...running, job("COMPLETED", 100)]);
    const result = await h.run();
    expect(h.readAt[0]).toBe(0);
    expect(h.waits).toEqual([2000, 3000, 4500, 6750, 10_000, 10_000, 10_000]);
    expect(result).toEqual({ outcome: "terminal", job: job("COMPLETED", 100) });
  });

  it("reports every read to onUpdate, the final one included", async () => {
    const h = harness([job("QUEUED"), job("PROCESSING", 30), job("COMPLETED", 100)]);
    await h.run();
    expect(h.onUpdate.mock.calls.map(([j]) => j.status)).toEqual(["QUEUED", "PROCESSING", "COMPLETED"]);
  });

  it.each(["COMPLETED", "FAILED", "CANCELLED"] as const)("stops at %s", async (status) => {
    const h = harness([job("PROCESSING"), job(status), job("PROCESSING")]);
    const result = await h.run();
    expect(result).toEqual({ outcome: "terminal", job: job(status) });
    expect(h.fetchJob).toHaveBeenCalledTimes(2);
  });

  it("waits as long as Retry-After says when that is longer than the backoff", async () => {
    const h = harness([
      job("PROCESSING"),
      new AppError("rate_limited", undefined, { retryAfter: 7 }),
      job("COMPLETED"),
    ]);
    await h.run();
    expect(h.waits).toEqual([2000, 7000]);
  });

  it("keeps the backoff when Retry-After is shorter", async () => {
    const h = harness([
      job("PROCESSING"),
      job("PROCESSING"),
      new AppError("rate_limited", undefined, { retryAfter: 1 }),
      job("COMPLETED"),
    ]);
    await h.run();
    expect(h.waits).toEqual([2000, 3000, 4500]);
  });

  it("hands back still-running with the last job when the budget is spent, reading once at the deadline", async () => {
    const h = harness([job("PROCESSING", 10), job("PROCESSING", 20), job("PROCESSING", 30)], { budgetMs: 10_000 });
    const result = await h.run();
    expect(result).toEqual({ outcome: "still-running", job: job("PROCESSING", 30) });
    expect(h.waits).toEqual([2000, 3000, 4500, 500]);
    expect(h.readAt.at(-1)).toBe(10_000);
  });

  it("hands back still-running with no job when every read failed transiently until the deadline", async () => {
    const h = harness([new AppError("upstream_unavailable")], { budgetMs: 4000, maxConsecutiveErrors: 100 });
    expect(await h.run()).toEqual({ outcome: "still-running", job: null });
  });

  it.each(["not_found", "invalid_request", "unauthorized", "not_configured"] as const)(
    "stops at once on %s",
    async (code) => {
      const error = new AppError(code);
      const h = harness([job("PROCESSING"), error]);
      expect(await h.run()).toEqual({ outcome: "error", error });
      expect(h.fetchJob).toHaveBeenCalledTimes(2);
      expect(h.waits).toEqual([2000]);
    },
  );

  it("retries transient errors with backoff and gives up after maxConsecutiveErrors in a row", async () => {
    const last = new AppError("upstream_timeout");
    const h = harness([new AppError("network"), new AppError("upstream_unavailable"), last], {
      maxConsecutiveErrors: 3,
    });
    expect(await h.run()).toEqual({ outcome: "error", error: last });
    expect(h.fetchJob).toHaveBeenCalledTimes(3);
    expect(h.waits).toEqual([2000, 3000]);
  });

  it("counts only errors in a row: a good read resets the count", async () => {
    const flaky = () => new AppError("bad_upstream_response");
    const h = harness([flaky(), flaky(), job("PROCESSING"), flaky(), flaky(), job("COMPLETED")], {
      maxConsecutiveErrors: 3,
    });
    expect((await h.run()).outcome).toBe("terminal");
  });

  it("treats a thrown TypeError (fetch failing) as a network error and retries it", async () => {
    const h = harness([new TypeError("Failed to fetch"), job("COMPLETED")]);
    expect((await h.run()).outcome).toBe("terminal");
  });

  it("rejects with the abort reason, quietly, when aborted between reads", async () => {
    const controller = new AbortController();
    const reason = new Error("the page went away");
    const h = harness([job("PROCESSING")], { signal: controller.signal, sleep: abortableSleep });
    h.onUpdate.mockImplementation(() => controller.abort(reason));
    await expect(h.run()).rejects.toBe(reason);
    expect(h.fetchJob).toHaveBeenCalledTimes(1);
  });

  it("rejects with the abort reason, not an error outcome, when aborted during a read", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const fetchJob = vi.fn(async () => {
      controller.abort(reason);
      throw new DOMException("This operation was aborted", "AbortError");
    });
    // maxConsecutiveErrors 1: were the abort counted as a failed read, this would resolve "error".
    await expect(
      followJob({ jobId: JOB_ID, fetchJob, signal: controller.signal, maxConsecutiveErrors: 1 }),
    ).rejects.toBe(reason);
  });

  it("does not read at all when the signal is already aborted", async () => {
    const h = harness([job("PROCESSING")], { signal: AbortSignal.abort(new Error("no")) });
    await expect(h.run()).rejects.toThrow("no");
    expect(h.fetchJob).not.toHaveBeenCalled();
  });

  it("runs on real timers' schedule with the default sleep and clock", async () => {
    vi.useFakeTimers();
    const fetchJob = vi.fn<FollowJobOptions["fetchJob"]>();
    fetchJob
      .mockResolvedValueOnce(job("QUEUED"))
      .mockResolvedValueOnce(job("PROCESSING"))
      .mockResolvedValue(job("COMPLETED"));
    const done = followJob({ jobId: JOB_ID, fetchJob });
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchJob).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetchJob).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchJob).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect((await done).outcome).toBe("terminal");
  });
});

describe("abortableSleep", () => {
  it("resolves after the time and rejects early with the reason on abort", async () => {
    vi.useFakeTimers();
    const ok = abortableSleep(5000, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(5000);
    await expect(ok).resolves.toBeUndefined();

    const controller = new AbortController();
    const cut = abortableSleep(5000, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(cut).rejects.toBe(reason);
  });
});
