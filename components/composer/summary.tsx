"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { primaryButtonClass } from "@/components/ui/field";
import { PanelSection } from "@/components/ui/panel-section";
import { costWorking, modeLabel, type CostEstimate } from "@/lib/wan27/mode";
import { LIMITS, MODES, type Mode } from "@/lib/wan27/params";
import type { ComposerValues } from "@/lib/wan27/schema";
import { shareHref } from "@/lib/wan27/share";
import { formatNumber as fmt } from "@/lib/format";

export function Summary({
  mode,
  cost,
  values,
  generate,
}: {
  mode: Mode | null;
  cost: CostEstimate | null;
  values: ComposerValues;
  generate?: ReactNode;
}) {
  return (
    <aside className="flex flex-col gap-4 self-start rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 lg:sticky lg:top-6 dark:border-zinc-800 dark:bg-zinc-900/60">
      <PanelSection id="mode" title="Mode">
        <p className="text-lg font-semibold" aria-live="polite">
          {modeLabel(mode)}
        </p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {mode ? MODES[mode].description : "Keep either the image or the clip to choose the mode."}
        </p>
      </PanelSection>

      <PanelSection id="cost" title="Cost">
        <div aria-live="polite" className="flex flex-col gap-0.5">
          {cost ? (
            <>
              <p className="text-3xl font-semibold tabular-nums">{fmt(cost.credits)} credits</p>
              <p className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400">{costWorking(cost)}</p>
            </>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Set a duration from {LIMITS.duration.min} to {LIMITS.duration.max} seconds to see the cost.
            </p>
          )}
        </div>
      </PanelSection>

      {generate}

      <PanelSection id="share" title="Share" divided>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A link that opens this form exactly as it is. It never holds a key.
        </p>
        <CopyButton
          label="Copy share link"
          copiedLabel="Link copied"
          className={`${primaryButtonClass} bg-zinc-800! hover:bg-zinc-700! dark:bg-zinc-700! dark:hover:bg-zinc-600!`}
          text={() => `${window.location.origin}${shareHref(window.location.pathname, values)}`}
        />
      </PanelSection>
    </aside>
  );
}
