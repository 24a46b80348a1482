"use client";

import { useEffect } from "react";
import type { ComposerValues } from "@/lib/wan27/schema";
import { SHARE_KEYS, encodeShareParams } from "@/lib/wan27/share";

const FORM_KEYS = new Set<string>(Object.values(SHARE_KEYS));

/**
 * Keeps the page's own URL in step with the form (debounced while typing), so
 * a reload or a copied address bar keeps the work. Query parameters that are
 * not form values (such as the job being followed) are left alone.
 */
export function useUrlSync(values: ComposerValues, delayMs = 300) {
  const query = encodeShareParams(values).toString();
  useEffect(() => {
    const timer = setTimeout(() => {
      const current = new URLSearchParams(window.location.search);
      const next = new URLSearchParams(query);
      for (const [key, value] of current) if (!FORM_KEYS.has(key)) next.append(key, value);
      const search = next.toString();
      if (search === current.toString()) return;
      window.history.replaceState(null, "", `${window.location.pathname}${search ? `?${search}` : ""}`);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [query, delayMs]);
}
