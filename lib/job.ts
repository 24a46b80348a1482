/**
 * The app's own view of an apiframe job, and the JSON our job routes answer
 * with. Isomorphic: the browser's poller and the server's client share it.
 */

import { AppError } from "./errors";

export const JOB_STATUSES = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Each status as the page says it. */
export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  QUEUED: "Queued",
  PROCESSING: "Processing",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

/** `GET /api/jobs/:id` answers with this (reshaped from apiframe's `Job`). */
export interface JobView {
  id: string;
  status: JobStatus;
  /** 0–100 while processing; null when apiframe does not say. */
  progress: number | null;
  /** Set once COMPLETED (may 404 after the CDN purges it: see `expired`). */
  videoUrl: string | null;
  /** apiframe's reason when FAILED (e.g. a content-policy message). */
  error: string | null;
  /** What the job cost; 0 after a failure refund; null while unknown. */
  creditsCharged: number | null;
  createdAt: string;
  completedAt: string | null;
  /** True once the CDN has purged the video. */
  expired: boolean;
}

const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(["COMPLETED", "FAILED", "CANCELLED"]);

/** No further change will come: stop polling. CANCELLED is undocumented, so it counts as final. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

// apiframe's job ids are UUIDs. The check is the lenient 8-4-4-4-12 hex form
// (no version/variant bits) so a valid id is never refused on a technicality.
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a string shaped like an apiframe job id. */
export function isJobId(value: string): boolean {
  return JOB_ID.test(value);
}

/** The id, or a 400 before any upstream call: a malformed id costs nothing. */
export function requireJobId(value: string): string {
  if (!isJobId(value)) throw new AppError("invalid_request", "That is not a job id: job ids are UUIDs.");
  return value;
}

/** `POST /api/generate` answers 202 with this. */
export interface GenerateAccepted {
  jobId: string;
  status: JobStatus;
  /** Our own estimate from the credit table (apiframe's 202 carries no cost). */
  estimate: { credits: number | null };
}

/** `GET /api/account` answers with this (from apiframe's `GET /v2/me`). */
export interface AccountSummary {
  credits: number;
  teamName: string | null;
  plan: string | null;
}
