"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { GenerateVideoBody } from "@/lib/wan27/body";
import { SNIPPET_LANGUAGES, buildSnippet, type SnippetLanguage } from "@/lib/wan27/snippets";

type Tab = "json" | SnippetLanguage;
const TABS: ReadonlyArray<{ id: Tab; label: string }> = [
  { id: "json", label: "JSON body" },
  ...(Object.keys(SNIPPET_LANGUAGES) as SnippetLanguage[]).map((id) => ({ id, label: SNIPPET_LANGUAGES[id].label })),
];

/** The exact request body and the same request as curl, Python and JavaScript, each with a copy button. */
export function CodeExport({ body, valid }: { body: GenerateVideoBody; valid: boolean }) {
  const [tab, setTab] = useState<Tab>("json");
  const base = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const text = tab === "json" ? JSON.stringify(body, null, 2) : buildSnippet(tab, body);
  const label = TABS.find((t) => t.id === tab)?.label ?? "";

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const i = TABS.findIndex((t) => t.id === tab);
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + TABS.length) % TABS.length;
    setTab(TABS[next]!.id);
    tabRefs.current[next]?.focus();
  }

  return (
    <section
      aria-labelledby={`${base}-heading`}
      className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${base}-heading`} className="text-lg font-semibold">
          Request as code
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Exactly what is sent to <code className="font-mono">POST /v2/videos/generate</code>. Put your own key in place
          of <code className="font-mono">afk_your_api_key_here</code>.
        </p>
      </div>
      {!valid ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-100">
          The form has errors: apiframe would refuse this request as it stands.
        </p>
      ) : null}
      <div role="tablist" aria-label="Format" className="flex flex-wrap gap-1" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 aria-selected:bg-zinc-900 aria-selected:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-selected:bg-zinc-100 dark:aria-selected:text-zinc-900"
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${tab}`} className="flex flex-col gap-2">
        <div>
          <CopyButton label={`Copy ${label}`} text={text} />
        </div>
        <pre
          tabIndex={0}
          aria-label={label}
          className="max-h-[28rem] overflow-auto rounded-lg bg-zinc-950 p-4 font-mono text-xs leading-relaxed text-zinc-100 sm:text-sm"
        >
          <code>{text}</code>
        </pre>
      </div>
    </section>
  );
}
