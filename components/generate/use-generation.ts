"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createApiClient } from "@/lib/api-client";
import { AppError, asAppError, type FieldMessages } from "@/lib/errors";
import { followJob } from "@/lib/follow-job";
import { isJobId, type JobView } from "@/lib/job";
import {
  clearPending,
  readPending,
  rememberJob,
  savePending,
  updateRecentJob,
  type PendingSubmission,
} from "@/lib/job-memory";
import { newIdempotencyKey } from "@/lib/idempotency";
import { sendWithRetries } from "@/lib/keyed-retry";
import type { ComposerValues } from "@/lib/wan27/schema";
import { JOB_KEY, encodeShareParams } from "@/lib/wan27/share";
import { notifyRecentJobs } from "./use-recent-jobs";

export type Generation =
  | { phase: "idle" }
  | { phase: "sending"; message: string }
  | { phase: "following"; jobId: string; job: JobView | null; estimate: number | null }
  | { phase: "done"; job: JobView; estimate: number | null }
  | { phase: "still-running"; jobId: string; job: JobView | null; estimate: number | null }
  /** `retry` is set when the same request can safely go again (same key, so never paid twice). */
  | { phase: "error"; error: AppError; jobId: string | null; estimate: number | null; retry: PendingSubmission | null };

/** Puts the followed job's id in the page URL (or takes it out), keeping the form's values. */
function setJobInUrl(jobId: string | null) {
  const url = new URL(window.location.href);
  if (jobId) url.searchParams.set(JOB_KEY, jobId);
  else url.searchParams.delete(JOB_KEY);
  window.history.replaceState(null, "", `${url.pathname}${url.search}`);
}

/**
 * One press of Generate through to the finished video: submit (with one
 * idempotency key for the press, reused on every retry, even across a
 * reload), then follow the job. The job id lives in the URL, so a reload or a
 * shared link picks it up again, and in the list of recent jobs.
 */
export function useGeneration({
  initialJobId,
  onFieldErrors,
}: {
  initialJobId: string | null;
  onFieldErrors: (fields: FieldMessages) => void;
}) {
  const api = useMemo(() => createApiClient(), []);
  // A job in the URL shows its panel from the first paint; the first read follows at once.
  const [state, setState] = useState<Generation>(() =>
    initialJobId && isJobId(initialJobId)
      ? { phase: "following", jobId: initialJobId, job: null, estimate: null }
      : { phase: "idle" },
  );
  const controller = useRef<AbortController | null>(null);
  // Set synchronously on press: a double click cannot start a second request.
  const busy = useRef(false);

  const restart = () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    return abort;
  };

  const follow = useCallback(
    async (jobId: string, estimate: number | null) => {
      const abort = restart();
      busy.current = true;
      setState({ phase: "following", jobId, job: null, estimate });
      try {
        const result = await followJob({
          jobId,
          fetchJob: (id, signal) => api.job(id, signal),
          signal: abort.signal,
          onUpdate: (job) => setState({ phase: "following", jobId, job, estimate }),
        });
        if (result.outcome === "terminal") {
          updateRecentJob(localStorage, result.job);
          notifyRecentJobs();
          setState({ phase: "done", job: result.job, estimate });
        } else if (result.outcome === "still-running") {
          setState({ phase: "still-running", jobId, job: result.job, estimate });
        } else {
          setState({ phase: "error", error: result.error, jobId, estimate, retry: null });
        }
      } catch {
        // Aborted on purpose: a newer job or leaving the page. Nothing to show.
      } finally {
        if (!abort.signal.aborted) busy.current = false;
      }
    },
    [api],
  );

  const send = useCallback(
    async (pending: PendingSubmission, resumed = false) => {
      busy.current = true;
      const abort = restart();
      // Written before the request leaves: a reload from here on sends it again with the same key.
      savePending(sessionStorage, pending);
      setState({
        phase: "sending",
        message: resumed ? "Picking up the request sent before the page reloaded…" : "Sending the request…",
      });
      try {
        const accepted = await sendWithRetries({
          send: (signal) => api.generate(pending.values, pending.idempotencyKey, signal),
          signal: abort.signal,
          onWait: ({ reason, seconds }) =>
            setState({
              phase: "sending",
              message:
                reason.code === "rate_limited"
                  ? `apiframe asked us to wait ${seconds} s; sending again then, as the same request.`
                  : `apiframe did not answer; trying again in ${seconds} s, as the same request (it will not be charged twice).`,
            }),
        });
        clearPending(sessionStorage);
        rememberJob(localStorage, {
          id: accepted.jobId,
          prompt: pending.values.prompt,
          query: encodeShareParams(pending.values).toString(),
          estimate: accepted.estimate.credits ?? pending.estimate,
          createdAt: Date.now(),
          status: accepted.status,
          creditsCharged: null,
        });
        notifyRecentJobs();
        setJobInUrl(accepted.jobId);
        await follow(accepted.jobId, accepted.estimate.credits ?? pending.estimate);
      } catch (raw) {
        if (abort.signal.aborted) return;
        const error = asAppError(raw);
        // A refusal will be refused again: forget it. A fault may have left a job behind: keep the key for a retry.
        if (!error.retryable) clearPending(sessionStorage);
        if (error.code === "invalid_request" && error.fields) onFieldErrors(error.fields);
        setState({
          phase: "error",
          error,
          jobId: null,
          estimate: pending.estimate,
          retry: error.retryable ? pending : null,
        });
        busy.current = false;
      }
    },
    [api, follow, onFieldErrors],
  );

  const generate = useCallback(
    (values: ComposerValues, estimate: number | null) => {
      if (busy.current) return;
      void send({ idempotencyKey: newIdempotencyKey(), values, estimate, sentAt: Date.now() });
    },
    [send],
  );

  // After a reload: follow the job in the URL, or finish sending what was in flight.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current) return;
    resumed.current = true;
    // Both start network work whose first step is a status change; this runs
    // once per page load, so there is no cascade of renders to fear.
    if (initialJobId && isJobId(initialJobId)) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      void follow(initialJobId, null);
      return;
    }
    const pending = readPending(sessionStorage, Date.now());
    if (pending) void send(pending, true);
  }, [initialJobId, follow, send]);

  useEffect(() => () => controller.current?.abort(), []);

  const retry = useCallback((pending: PendingSubmission) => void send(pending), [send]);
  const keepFollowing = useCallback((jobId: string, estimate: number | null) => void follow(jobId, estimate), [follow]);

  const dismiss = useCallback(() => {
    controller.current?.abort();
    busy.current = false;
    setJobInUrl(null);
    setState({ phase: "idle" });
  }, []);

  return { state, generate, retry, keepFollowing, dismiss };
}
