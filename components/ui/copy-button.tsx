"use client";

import { useEffect, useState } from "react";
import { buttonClass } from "./field";

/** Writes text to the clipboard, falling back to a hidden textarea where the API is missing. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function CopyButton({
  text,
  label,
  copiedLabel = "Copied",
  className = buttonClass,
}: {
  /** The text to copy, or a function that makes it at click time. */
  text: string | (() => string);
  label: string;
  copiedLabel?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={className}
        onClick={async () =>
          setState((await copyText(typeof text === "function" ? text() : text)) ? "copied" : "failed")
        }
      >
        {label}
      </button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
        {state === "copied"
          ? copiedLabel
          : state === "failed"
            ? "Could not copy: select the text and copy it by hand."
            : ""}
      </span>
    </span>
  );
}
