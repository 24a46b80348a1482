/**
 * Sends one user action (a press of Generate, an upload) however the network
 * behaves. The caller's `send` carries one idempotency key, made once per
 * action and reused on every retry, so apiframe answers a repeat with what it
 * already made: a flaky connection never pays twice.
 */
import { AppError, asAppError } from "./errors";
import { abortableSleep } from "./follow-job";

export interface KeyedRetryOptions<T> {
  send: (signal: AbortSignal | undefined) => Promise<T>;
  signal?: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Told before each wait, so the page can say what is happening. */
  onWait?: (info: { reason: AppError; seconds: number; attempt: number }) => void;
  /** Tries in all, the first included. */
  maxAttempts?: number;
  /** Longest wait the page accepts for a Retry-After before giving the choice back to the person. */
  maxRetryAfterSeconds?: number;
}

/** Backoff for transient faults without a Retry-After: 1 s, 2 s, 4 s, … capped at 8 s. */
export function backoffSeconds(attempt: number): number {
  return Math.min(8, 2 ** (attempt - 1));
}

export async function sendWithRetries<T>({
  send,
  signal,
  sleep = abortableSleep,
  onWait,
  maxAttempts = 5,
  maxRetryAfterSeconds = 60,
}: KeyedRetryOptions<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(signal);
    } catch (raw) {
      if (signal?.aborted) throw signal.reason;
      const err = asAppError(raw);
      const waitFor = err.retryAfter ?? backoffSeconds(attempt);
      const worthRetrying = err.retryable && attempt < maxAttempts && waitFor <= maxRetryAfterSeconds;
      if (!worthRetrying) throw err;
      onWait?.({ reason: err, seconds: waitFor, attempt });
      await sleep(waitFor * 1000, signal);
    }
  }
}
