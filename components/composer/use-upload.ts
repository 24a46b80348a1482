"use client";

import { useRef, useState } from "react";
import { createApiClient } from "@/lib/api-client";
import { asAppError } from "@/lib/errors";
import { newIdempotencyKey } from "@/lib/idempotency";
import { sendWithRetries } from "@/lib/keyed-retry";
import { checkUpload, type UploadView } from "@/lib/uploads";
import type { UrlField } from "@/lib/wan27/params";

export type UploadState =
  | { kind: "idle" }
  | { kind: "uploading"; name: string }
  | { kind: "done"; name: string; upload: UploadView }
  | { kind: "error"; message: string };

/**
 * A local file → apiframe's storage (through our server, which holds the key)
 * → its URL in the field. The file is checked here first, so a wrong one is
 * refused at once instead of after the upload.
 */
export function useUpload(field: UrlField, onUploaded: (url: string) => void) {
  const [state, setState] = useState<UploadState>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function upload(file: File) {
    const problem = checkUpload(field, file);
    if (problem) {
      setState({ kind: "error", message: problem });
      return;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "uploading", name: file.name });
    const api = createApiClient();
    const key = newIdempotencyKey();
    try {
      const result = await sendWithRetries({
        send: (signal) => api.upload(field, file, key, signal),
        signal: controller.signal,
        maxAttempts: 3,
      });
      onUploaded(result.url);
      setState({ kind: "done", name: file.name, upload: result });
    } catch (raw) {
      if (controller.signal.aborted) return;
      const err = asAppError(raw);
      setState({ kind: "error", message: err.fields?.[field]?.[0] ?? err.message });
    }
  }

  return { state, upload };
}
