/**
 * Follows a job until it settles, by polling. Pure and isomorphic: the fetch,
 * the clock and the wait are injected, so the same code runs in the browser
 * and, with fakes, in tests that never sleep.
 *
 * Rhythm: fetch at once, then wait `initialDelayMs`, growing ×`factor` up to
 * `maxDelayMs` (2 s, 3 s, 4.5 s, … 10 s): quick feedback at the start of a
 * 1–5 minute job, a light touch later.
 */
import { AppError, asAppError } from "./errors";
import { isTerminal, type JobView } from "./job";

export interface FollowJobOptions {
  jobId: string;
  fetchJob: (id: string, signal: AbortSignal | undefined) => Promise<JobView>;
  /** Called with every job read, terminal or not. */
  onUpdate?: (job: JobView) => void;
  signal?: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  now?: () => number;
  initialDelayMs?: number;
  factor?: number;
  maxDelayMs?: number;
  /** How long to follow before handing back "still-running". */
  budgetMs?: number;
  /** Transient failures in a row before giving up with "error". */
  maxConsecutiveErrors?: number;
}

export type FollowJobResult =
  | { outcome: "terminal"; job: JobView }
  /** The budget ran out while the job was still going: not a failure; offer to keep following. */
  | { outcome: "still-running"; job: JobView | null }
  | { outcome: "error"; error: AppError };

/** A wait that ends early, rejecting with the abort reason, when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Polls `fetchJob` until the job reaches a terminal status, the budget is
 * spent, or an error ends it.
 *
 * - Resolves `terminal` at COMPLETED / FAILED / CANCELLED.
 * - Resolves `still-running` (with the last job seen) once `budgetMs` has
 *   passed; the last read happens at the deadline, not before it.
 * - Retryable errors (network, 5xx, timeouts, rate limits) are retried on the
 *   same backoff; an error with `retryAfter` waits at least that long. After
 *   `maxConsecutiveErrors` in a row, or at once for a non-retryable error
 *   (not_found, invalid_request, unauthorized, …), resolves `error`.
 * - Aborting `signal` REJECTS with `signal.reason` (as `fetch` does), so a
 *   caller that aborted on purpose can tell it apart from every outcome above.
 */
export async function followJob({
  jobId,
  fetchJob,
  onUpdate,
  signal,
  sleep = abortableSleep,
  now = Date.now,
  initialDelayMs = 2000,
  factor = 1.5,
  maxDelayMs = 10_000,
  budgetMs = 15 * 60 * 1000,
  maxConsecutiveErrors = 5,
}: FollowJobOptions): Promise<FollowJobResult> {
  const startedAt = now();
  let delay = initialDelayMs;
  let lastJob: JobView | null = null;
  let errorsInARow = 0;

  for (;;) {
    signal?.throwIfAborted();
    let wait = delay;
    let job: JobView | undefined;
    try {
      job = await fetchJob(jobId, signal);
    } catch (cause) {
      // A fetch cut short by our own abort is not an error of the job.
      signal?.throwIfAborted();
      const error = asAppError(cause);
      errorsInARow += 1;
      if (!error.retryable || errorsInARow >= maxConsecutiveErrors) return { outcome: "error", error };
      if (error.retryAfter !== undefined) wait = Math.max(error.retryAfter * 1000, delay);
    }

    if (job) {
      errorsInARow = 0;
      lastJob = job;
      // Outside the try: a bug in the caller's handler should surface, not be retried as a network error.
      onUpdate?.(job);
      if (isTerminal(job.status)) return { outcome: "terminal", job };
    }

    const remaining = budgetMs - (now() - startedAt);
    if (remaining <= 0) return { outcome: "still-running", job: lastJob };
    await sleep(Math.min(wait, remaining), signal);
    delay = Math.min(delay * factor, maxDelayMs);
  }
}
