"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createApiClient } from "@/lib/api-client";
import { AppError, asAppError, type FieldMessages } from "@/lib/errors";
import { followJob } from "@/lib/follow-job";
import { isJobId, type JobView } from "@/lib/job";
import { JOB_KEY } from "@/lib/wan27/share";
import { newIdempotencyKey, submitGeneration } from "@/lib/submit-generation";
import type { ComposerValues } from "@/lib/wan27/schema";

export type Generation =
  | { phase: "idle" }
  | { phase: "sending"; waiting: { seconds: number; message: string } | null }
  | { phase: "following"; jobId: string; job: JobView | null; estimate: number | null }
  | { phase: "done"; job: JobView; estimate: number | null }
  | { phase: "still-running"; jobId: string; job: JobView | null; estimate: number | null }
  | { phase: "error"; error: AppError; jobId: string | null; estimate: number | null };

/** Puts the followed job's id in the page URL (or takes it out), keeping the form's values. */
function setJobInUrl(jobId: string | null) {
  const url = new URL(window.location.href);
  if (jobId) url.searchParams.set(JOB_KEY, jobId);
  else url.searchParams.delete(JOB_KEY);
  window.history.replaceState(null, "", `${url.pathname}${url.search}`);
}

/**
 * One press of Generate through to the finished video: submit (with one
 * idempotency key for the press, reused on every retry), then follow the job.
 * The job id lives in the URL, so a reload or a shared link picks it up again.
 */
export function useGeneration({
  initialJobId,
  onFieldErrors,
}: {
  initialJobId: string | null;
  onFieldErrors: (fields: FieldMessages) => void;
}) {
  const api = useMemo(() => createApiClient(), []);
  const [state, setState] = useState<Generation>({ phase: "idle" });
  const controller = useRef<AbortController | null>(null);
  // Set synchronously on press: a double click cannot start a second request.
  const busy = useRef(false);

  const follow = useCallback(
    async (jobId: string, estimate: number | null) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setState({ phase: "following", jobId, job: null, estimate });
      try {
        const result = await followJob({
          jobId,
          fetchJob: (id, signal) => api.job(id, signal),
          signal: abort.signal,
          onUpdate: (job) => setState({ phase: "following", jobId, job, estimate }),
        });
        if (result.outcome === "terminal") setState({ phase: "done", job: result.job, estimate });
        else if (result.outcome === "still-running") setState({ phase: "still-running", jobId, job: result.job, estimate });
        else setState({ phase: "error", error: result.error, jobId, estimate });
      } catch {
        // Aborted on purpose: a newer job or leaving the page. Nothing to show.
      } finally {
        busy.current = false;
      }
    },
    [api],
  );

  const generate = useCallback(
    async (values: ComposerValues, estimate: number | null) => {
      if (busy.current) return;
      busy.current = true;
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setState({ phase: "sending", waiting: null });
      const idempotencyKey = newIdempotencyKey();
      try {
        const accepted = await submitGeneration({
          send: (signal) => api.generate(values, idempotencyKey, signal),
          signal: abort.signal,
          onWait: ({ reason, seconds }) =>
            setState({
              phase: "sending",
              waiting: {
                seconds,
                message:
                  reason.code === "rate_limited"
                    ? `apiframe asked us to wait ${seconds} s; sending again then, as the same request.`
                    : `apiframe did not answer; trying again in ${seconds} s, as the same request (it will not be charged twice).`,
              },
            }),
        });
        setJobInUrl(accepted.jobId);
        await follow(accepted.jobId, accepted.estimate.credits ?? estimate);
      } catch (raw) {
        if (abort.signal.aborted) return;
        const error = asAppError(raw);
        if (error.code === "invalid_request" && error.fields) onFieldErrors(error.fields);
        setState({ phase: "error", error, jobId: null, estimate });
        busy.current = false;
      }
    },
    [api, follow, onFieldErrors],
  );

  // A job id in the URL (a reload, a shared link) is followed again at once.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || !initialJobId || !isJobId(initialJobId)) return;
    resumed.current = true;
    busy.current = true;
    void follow(initialJobId, null);
  }, [initialJobId, follow]);

  useEffect(() => () => controller.current?.abort(), []);

  const keepFollowing = useCallback(
    (jobId: string, estimate: number | null) => {
      busy.current = true;
      void follow(jobId, estimate);
    },
    [follow],
  );

  const dismiss = useCallback(() => {
    controller.current?.abort();
    busy.current = false;
    setJobInUrl(null);
    setState({ phase: "idle" });
  }, []);

  return { state, generate, keepFollowing, dismiss };
}
