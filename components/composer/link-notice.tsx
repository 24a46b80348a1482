"use client";

import { useState } from "react";
import type { DroppedValue } from "@/lib/wan27/share";
import { buttonClass } from "@/components/ui/field";

/** Says which values of an opened link were refused, and why; the rest of the link was used. */
export function LinkNotice({ dropped }: { dropped: DroppedValue[] }) {
  const [open, setOpen] = useState(dropped.length > 0);
  if (!open) return null;
  return (
    <div
      role="alert"
      className="flex flex-col gap-2 rounded-lg border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="font-medium">
        This link had {dropped.length === 1 ? "a value" : `${dropped.length} values`} that could not be used; the rest
        of the form is as it was shared.
      </p>
      <ul className="list-disc pl-5">
        {dropped.map((d) => (
          <li key={d.key}>
            <code className="font-mono">
              {d.key}={d.value.length > 60 ? `${d.value.slice(0, 60)}…` : d.value}
            </code>
            : {d.reason} It was left out.
          </li>
        ))}
      </ul>
      <div>
        <button type="button" className={buttonClass} onClick={() => setOpen(false)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
