import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_VALUES } from "./wan27/schema";
import {
  PENDING_MAX_AGE_MS,
  RECENT_MAX,
  clearPending,
  readPending,
  readRecentJobs,
  rememberJob,
  savePending,
  updateRecentJob,
  type KeyValueStore,
  type RecentJob,
} from "./job-memory";

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const values = { ...DEFAULT_VALUES, prompt: "A heron", aspectRatio: "" as const };
const job = (id: string, createdAt: number): RecentJob => ({
  id,
  prompt: "A heron",
  query: "p=A+heron",
  estimate: 85,
  createdAt,
  status: "QUEUED",
  creditsCharged: null,
});

let store: ReturnType<typeof memoryStore>;
beforeEach(() => {
  store = memoryStore();
});

describe("the submission in flight", () => {
  it("is read back after a reload with the same key and values", () => {
    savePending(store, { idempotencyKey: "wan-abc12345", values, estimate: 85, sentAt: 1000 });
    expect(readPending(store, 2000)).toEqual({ idempotencyKey: "wan-abc12345", values, estimate: 85, sentAt: 1000 });
    clearPending(store);
    expect(readPending(store, 2000)).toBeNull();
  });

  it("is not sent again once apiframe may have forgotten its key", () => {
    savePending(store, { idempotencyKey: "wan-abc12345", values, estimate: 85, sentAt: 0 });
    expect(readPending(store, PENDING_MAX_AGE_MS + 1)).toBeNull();
  });

  it("reads junk or tampered values as nothing", () => {
    store.data.set("wan-composer:pending", "{not json");
    expect(readPending(store, 0)).toBeNull();
    savePending(store, {
      idempotencyKey: "wan-abc12345",
      values: { ...values, duration: 99 },
      estimate: 85,
      sentAt: 0,
    });
    expect(readPending(store, 0)).toBeNull();
  });
});

describe("recent jobs", () => {
  it("lists newest first, without duplicates, at most the cap", () => {
    for (let i = 0; i < RECENT_MAX + 5; i++) rememberJob(store, job(`id-${i}`, i));
    rememberJob(store, job("id-30", 30));
    const jobs = readRecentJobs(store);
    expect(jobs).toHaveLength(RECENT_MAX);
    expect(jobs[0]!.id).toBe("id-30");
    expect(new Set(jobs.map((j) => j.id)).size).toBe(RECENT_MAX);
  });

  it("records the final status and real cost of a job", () => {
    rememberJob(store, job("a", 1));
    updateRecentJob(store, { id: "a", status: "COMPLETED", creditsCharged: 85 });
    updateRecentJob(store, { id: "unknown", status: "FAILED", creditsCharged: 0 });
    expect(readRecentJobs(store)).toEqual([{ ...job("a", 1), status: "COMPLETED", creditsCharged: 85 }]);
  });

  it("survives a storage that refuses writes", () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {},
    };
    expect(() => rememberJob(full, job("a", 1))).not.toThrow();
    expect(readRecentJobs(full)).toEqual([]);
  });
});
