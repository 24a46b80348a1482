"use client";

import { useEffect, useState } from "react";
import { buttonClass, primaryButtonClass } from "@/components/ui/field";
import { PanelSection } from "@/components/ui/panel-section";
import { createApiClient } from "@/lib/api-client";
import type { AccountSummary } from "@/lib/job";
import type { FieldMessages } from "@/lib/errors";
import type { ComposerValues } from "@/lib/wan27/schema";
import { JobStatusView } from "./job-status";
import { useGeneration } from "./use-generation";
import { formatNumber as fmt } from "@/lib/format";

/** The team's balance, read when the panel opens and again after each job settles. */
function useAccount(enabled: boolean, refreshKey: unknown) {
  const [account, setAccount] = useState<AccountSummary | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    createApiClient()
      .account(abort.signal)
      .then(setAccount)
      // The balance is a courtesy: without it the page still works, and apiframe still refuses a short balance.
      .catch(() => {});
    return () => abort.abort();
  }, [enabled, refreshKey]);
  return account;
}

export function GeneratePanel({
  configured,
  initialJobId,
  credits,
  validate,
  onFieldErrors,
}: {
  /** Whether the server has an apiframe key (never the key itself). */
  configured: boolean;
  initialJobId: string | null;
  /** The live estimate for the form as it is. */
  credits: number | null;
  /** Checks the form (showing its errors) and gives the values to send, or null. */
  validate: () => Promise<ComposerValues | null>;
  onFieldErrors: (fields: FieldMessages) => void;
}) {
  const { state, generate, retry, keepFollowing, dismiss } = useGeneration({ initialJobId, onFieldErrors });
  const account = useAccount(configured, state.phase === "done" || state.phase === "error" ? state : null);
  const working = state.phase === "sending" || state.phase === "following";
  const short = account !== null && credits !== null && account.credits < credits;

  async function press() {
    if (working) return;
    const values = await validate();
    if (values) generate(values, credits);
  }

  // Ctrl+Enter (Cmd+Enter on a Mac) sends from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void press();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <PanelSection id="generate" title="Generate" divided>
      {!configured ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          This server has no apiframe key yet, so it cannot send requests. Everything else works.
        </p>
      ) : account ? (
        <p className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
          {credits !== null
            ? `${fmt(credits)} of your ${fmt(account.credits)} credits`
            : `Balance: ${fmt(account.credits)} credits`}
        </p>
      ) : null}

      {short ? (
        <p
          role="alert"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-100"
        >
          Balance too low: {fmt(credits!)} credits needed, {fmt(account!.credits)} available. Top up in the apiframe
          console, or make the video shorter or smaller.
        </p>
      ) : null}

      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={primaryButtonClass}
          onClick={() => void press()}
          disabled={working}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {state.phase === "sending" ? "Sending…" : state.phase === "following" ? "Generating…" : "Generate video"}
        </button>
        <kbd className="text-xs text-zinc-600 dark:text-zinc-400">Ctrl+Enter</kbd>
      </div>

      <div role="status" aria-live="polite" className="text-sm">
        {state.phase === "sending" ? <p>{state.message}</p> : null}
      </div>

      {state.phase === "error" ? (
        <div
          role="alert"
          className="flex flex-col gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
        >
          <p>{state.error.message}</p>
          {state.error.code === "not_configured" ? (
            <p>
              To turn generation on, put <code className="font-mono">APIFRAME_API_KEY=afk_…</code> in{" "}
              <code className="font-mono">.env.local</code> and restart the server. To try it without a key, run{" "}
              <code className="font-mono">npm run dev:standin</code>.
            </p>
          ) : null}
          {state.retry ? (
            <div>
              <button type="button" className={buttonClass} onClick={() => retry(state.retry!)}>
                Try again
              </button>
              <p className="mt-1 text-xs">
                It goes as the same request: if apiframe already made the job, you get that one, not a second charge.
              </p>
            </div>
          ) : null}
          {state.jobId ? (
            <div>
              <button type="button" className={buttonClass} onClick={() => keepFollowing(state.jobId!, state.estimate)}>
                Check the job again
              </button>
            </div>
          ) : null}
        </div>
      ) : null}

      {state.phase === "following" || state.phase === "done" || state.phase === "still-running" ? (
        <JobStatusView
          jobId={state.phase === "done" ? state.job.id : state.jobId}
          job={state.job}
          estimate={state.estimate}
          stillRunning={state.phase === "still-running"}
          onKeepFollowing={() => keepFollowing(state.phase === "done" ? state.job.id : state.jobId, state.estimate)}
          onDismiss={dismiss}
        />
      ) : null}
    </PanelSection>
  );
}
