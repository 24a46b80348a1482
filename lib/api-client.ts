/**
 * The browser's side of our own API: each call returns the typed answer or
 * throws the same AppError the route answered with (or `network` when the
 * request never got an answer).
 */
import { AppError, errorFromResponse } from "./errors";
import type { AccountSummary, GenerateAccepted, JobView } from "./job";
import type { UploadView } from "./uploads";
import type { UrlField } from "./wan27/params";
import type { ComposerValues } from "./wan27/schema";

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function call<T>(fetchImpl: Fetch, path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetchImpl(path, { cache: "no-store", ...init });
  } catch (err) {
    if ((err as Error)?.name === "AbortError") throw err;
    throw new AppError("network", undefined, { cause: err });
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // A body that is not JSON (a proxy's error page, a cut connection): the status decides.
  }
  if (!res.ok) throw errorFromResponse(res.status, json, res.headers);
  return json as T;
}

export function createApiClient(fetchImpl: Fetch = (input, init) => fetch(input, init)) {
  return {
    generate: (values: ComposerValues, idempotencyKey: string, signal?: AbortSignal) =>
      call<GenerateAccepted>(fetchImpl, "/api/generate", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ values, idempotencyKey }),
        signal,
      }),
    job: (id: string, signal?: AbortSignal) =>
      call<JobView>(fetchImpl, `/api/jobs/${encodeURIComponent(id)}`, { signal }),
    account: (signal?: AbortSignal) => call<AccountSummary>(fetchImpl, "/api/account", { signal }),
    upload: (field: UrlField, file: File, idempotencyKey: string, signal?: AbortSignal) => {
      const form = new FormData();
      form.set("field", field);
      form.set("idempotencyKey", idempotencyKey);
      form.set("file", file);
      return call<UploadView>(fetchImpl, "/api/uploads", { method: "POST", body: form, signal });
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
