"use client";

import { buttonClass } from "@/components/ui/field";
import { JOB_STATUS_LABELS, type JobView } from "@/lib/job";
import { formatNumber as fmt } from "@/lib/format";

function ProgressBar({ value }: { value: number | null }) {
  return (
    <div
      role="progressbar"
      aria-label="Job progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={`h-full rounded-full bg-indigo-600 transition-[width] duration-500 ${value === null ? "w-1/3 animate-pulse" : ""}`}
        style={value === null ? undefined : { width: `${Math.max(2, value)}%` }}
      />
    </div>
  );
}

/** One job: its progress, then the video with a download and what it really cost, or why it failed. */
export function JobStatusView({
  jobId,
  job,
  estimate,
  stillRunning,
  onKeepFollowing,
  onDismiss,
}: {
  jobId: string;
  job: JobView | null;
  estimate: number | null;
  stillRunning: boolean;
  onKeepFollowing: () => void;
  onDismiss: () => void;
}) {
  const status = job?.status ?? "QUEUED";
  const settled = status === "COMPLETED" || status === "FAILED" || status === "CANCELLED";

  return (
    <article
      aria-label="Job"
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex items-baseline justify-between gap-2">
        <p className="text-sm font-semibold" aria-live="polite">
          {JOB_STATUS_LABELS[status]}
          {status === "PROCESSING" && job?.progress !== null && job?.progress !== undefined
            ? ` · ${job.progress}%`
            : ""}
        </p>
        <code className="truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={jobId}>
          {jobId.slice(0, 8)}
        </code>
      </div>

      {!settled ? <ProgressBar value={status === "PROCESSING" ? (job?.progress ?? null) : null} /> : null}

      {stillRunning ? (
        <div className="flex flex-col gap-2 text-sm">
          <p>
            Still running after 15 minutes. It is not lost: apiframe keeps working on it, and this page can pick it up
            again at any time.
          </p>
          <div>
            <button type="button" className={buttonClass} onClick={onKeepFollowing}>
              Keep following
            </button>
          </div>
        </div>
      ) : null}

      {status === "COMPLETED" && job ? (
        <div className="flex flex-col gap-2">
          {job.videoUrl && !job.expired ? (
            <>
              <video
                src={job.videoUrl}
                controls
                autoPlay
                muted
                loop
                playsInline
                aria-label="Generated video"
                className="aspect-video w-full rounded-md bg-black"
              />
              <div className="flex flex-wrap gap-2">
                <a className={buttonClass} href={`/api/jobs/${jobId}/video`} download={`wan-2.7-${jobId}.mp4`}>
                  Download video
                </a>
                <a className={buttonClass} href={job.videoUrl} target="_blank" rel="noreferrer">
                  Open in a new tab
                </a>
              </div>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                apiframe keeps files for a limited time: download what you want to keep.
              </p>
            </>
          ) : (
            <p className="text-sm">
              The video has expired from apiframe&apos;s storage and can no longer be downloaded.
            </p>
          )}
          <p className="text-sm tabular-nums">
            Charged {job.creditsCharged !== null ? `${fmt(job.creditsCharged)} credits` : "an unknown amount"}
            {estimate !== null ? ` (estimated ${fmt(estimate)})` : ""}.
          </p>
        </div>
      ) : null}

      {status === "FAILED" && job ? (
        <div role="alert" className="flex flex-col gap-1 text-sm text-red-900 dark:text-red-200">
          <p>The job failed: {job.error ?? "apiframe gave no reason"}.</p>
          <p>
            {job.creditsCharged
              ? `apiframe reports ${fmt(job.creditsCharged)} credits charged; failed jobs are refunded in full, so check the balance shortly.`
              : "Its credits were refunded: nothing was spent."}
          </p>
        </div>
      ) : null}

      {status === "CANCELLED" ? <p className="text-sm">The job was cancelled.</p> : null}

      {settled ? (
        <div>
          <button type="button" className={buttonClass} onClick={onDismiss}>
            Close
          </button>
        </div>
      ) : null}
    </article>
  );
}
