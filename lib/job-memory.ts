/**
 * What the browser remembers so that nothing paid for is lost:
 *
 * - the submission in flight (this tab's sessionStorage): if the page reloads
 *   before apiframe's answer arrives, the same request goes again with the
 *   same idempotency key, and apiframe hands back the job it already made;
 * - recent jobs (localStorage): every accepted job, so one can be reopened
 *   after the page has moved on to another.
 *
 * Pure over a Storage-like object; junk in storage reads as nothing.
 */
import * as z from "zod/mini";
import { JOB_STATUSES, type JobView } from "./job";
import { composerSchema, type ComposerValues } from "./wan27/schema";

export type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const PENDING_KEY = "wan-composer:pending";
const RECENT_KEY = "wan-composer:recent-jobs";
/** apiframe keeps an idempotency key for 24 h; past that a resend could start a second job. */
export const PENDING_MAX_AGE_MS = 23 * 60 * 60 * 1000;
export const RECENT_MAX = 20;

export interface PendingSubmission {
  idempotencyKey: string;
  values: ComposerValues;
  estimate: number | null;
  sentAt: number;
}

const pendingSchema = z.object({
  idempotencyKey: z.string().check(z.minLength(8)),
  values: composerSchema,
  estimate: z.nullable(z.number()),
  sentAt: z.number(),
});

function read(store: KeyValueStore, key: string): unknown {
  try {
    const raw = store.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

function write(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the page still works, it just remembers less.
  }
}

export function savePending(store: KeyValueStore, pending: PendingSubmission): void {
  write(store, PENDING_KEY, pending);
}

/** The submission a reload interrupted, if it is still safe to send again. */
export function readPending(store: KeyValueStore, now: number): PendingSubmission | null {
  const parsed = pendingSchema.safeParse(read(store, PENDING_KEY));
  if (!parsed.success || now - parsed.data.sentAt > PENDING_MAX_AGE_MS) return null;
  return parsed.data;
}

export function clearPending(store: KeyValueStore): void {
  try {
    store.removeItem(PENDING_KEY);
  } catch {
    // See write().
  }
}

export interface RecentJob {
  id: string;
  prompt: string;
  /** The form's share query, so reopening the job also reopens its request. */
  query: string;
  estimate: number | null;
  createdAt: number;
  status: JobView["status"];
  creditsCharged: number | null;
}

const recentSchema = z.array(
  z.object({
    id: z.string(),
    prompt: z.string(),
    query: z.string(),
    estimate: z.nullable(z.number()),
    createdAt: z.number(),
    status: z.enum(JOB_STATUSES),
    creditsCharged: z.nullable(z.number()),
  }),
);

export function readRecentJobs(store: KeyValueStore): RecentJob[] {
  const parsed = recentSchema.safeParse(read(store, RECENT_KEY));
  return parsed.success ? parsed.data : [];
}

/** Adds a job, or updates the one with the same id; newest first, at most RECENT_MAX. */
export function rememberJob(store: KeyValueStore, job: RecentJob): RecentJob[] {
  const others = readRecentJobs(store).filter((j) => j.id !== job.id);
  const existing = readRecentJobs(store).find((j) => j.id === job.id);
  const merged = existing ? { ...existing, ...job, createdAt: existing.createdAt } : job;
  const next = [merged, ...others].sort((a, b) => b.createdAt - a.createdAt).slice(0, RECENT_MAX);
  write(store, RECENT_KEY, next);
  return next;
}

/** Records what a job became (its status and real cost) without touching the rest. */
export function updateRecentJob(store: KeyValueStore, job: Pick<JobView, "id" | "status" | "creditsCharged">): void {
  const jobs = readRecentJobs(store);
  const i = jobs.findIndex((j) => j.id === job.id);
  if (i === -1) return;
  jobs[i] = { ...jobs[i]!, status: job.status, creditsCharged: job.creditsCharged };
  write(store, RECENT_KEY, jobs);
}

export const RECENT_JOBS_STORAGE_KEY = RECENT_KEY;
