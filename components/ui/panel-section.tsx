import type { ReactNode } from "react";

/**
 * One section of the summary panel (Mode, Cost, Generate, Share): a region
 * named by its small-caps heading, so tests and screen readers find it by name.
 */
export function PanelSection({
  id,
  title,
  divided = false,
  children,
}: {
  id: string;
  title: string;
  /** A rule above it, to set the actions apart from the facts. */
  divided?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className={`flex flex-col ${divided ? "gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800" : "gap-1"}`}
    >
      <h2
        id={`${id}-heading`}
        className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400"
      >
        {title}
      </h2>
      {children}
    </section>
  );
}
