"use client";

import { useMemo, useSyncExternalStore } from "react";
import { RECENT_JOBS_STORAGE_KEY, readRecentJobs, type RecentJob } from "@/lib/job-memory";

const CHANGED = "wan-composer:recent-jobs-changed";

/** Tells this tab's lists that the recent jobs changed (other tabs hear the storage event). */
export function notifyRecentJobs() {
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** The raw stored text is the snapshot: a string compares by value, so React re-renders only on a real change. */
const snapshot = () => localStorage.getItem(RECENT_JOBS_STORAGE_KEY);

export function useRecentJobs(): RecentJob[] {
  const raw = useSyncExternalStore(subscribe, snapshot, () => null);
  return useMemo(
    () => (raw === null ? [] : readRecentJobs({ getItem: () => raw, setItem: () => {}, removeItem: () => {} })),
    [raw],
  );
}
