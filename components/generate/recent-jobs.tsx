"use client";

import { JOB_STATUS_LABELS } from "@/lib/job";
import { JOB_KEY } from "@/lib/wan27/share";
import { useRecentJobs } from "./use-recent-jobs";
import { formatNumber as fmt } from "@/lib/format";

/** Every job this browser sent, so a paid video can always be found again. */
export function RecentJobs() {
  const jobs = useRecentJobs();
  if (jobs.length === 0) return null;
  return (
    <section
      aria-labelledby="recent-heading"
      className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <h2 id="recent-heading" className="text-lg font-semibold">
        Your recent jobs
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Kept in this browser. Open one to see its video and its request.
      </p>
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {jobs.map((job) => {
          const query = new URLSearchParams(job.query);
          query.set(JOB_KEY, job.id);
          const cost = job.creditsCharged ?? job.estimate;
          return (
            <li key={job.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm">
              <span className="min-w-0 flex-1 truncate" title={job.prompt}>
                {job.prompt}
              </span>
              <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
                {JOB_STATUS_LABELS[job.status]}
                {cost !== null ? ` · ${fmt(cost)} credits${job.creditsCharged === null ? " (est.)" : ""}` : ""} ·{" "}
                <time dateTime={new Date(job.createdAt).toISOString()}>
                  {new Date(job.createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
                </time>
              </span>
              <a className="font-medium text-indigo-600 underline dark:text-indigo-400" href={`/?${query}`}>
                Open<span className="sr-only"> the job “{job.prompt.slice(0, 40)}”</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
