/**
 * Idempotency keys: one per user action (a press of Generate, a file picked),
 * reused on every retry of it, so apiframe answers a repeat with what it
 * already made instead of making (and charging for) it twice.
 */
import { AppError } from "./errors";
import { LIMITS } from "./wan27/params";

const PATTERN = new RegExp(`^[A-Za-z0-9_-]{8,${LIMITS.idempotencyKey.max}}$`);

/** A fresh key for one action. */
export function newIdempotencyKey(): string {
  return `wan-${crypto.randomUUID()}`;
}

/** The key a route was sent, or a 400 saying what a key must look like. */
export function requireIdempotencyKey(value: unknown): string {
  if (typeof value === "string" && PATTERN.test(value)) return value;
  throw new AppError(
    "invalid_request",
    `idempotencyKey must be 8–${LIMITS.idempotencyKey.max} characters of letters, digits, "_" or "-".`,
  );
}
