"use client";

import { useRef, useState, type InputHTMLAttributes } from "react";
import { Field, buttonClass, choiceClass, inputClass } from "@/components/ui/field";
import { formatFileSize } from "@/lib/format";
import { UPLOAD_EXPIRY_NOTE, UPLOAD_RULES } from "@/lib/uploads";
import { HINTS, URL_FIELDS, type UrlField } from "@/lib/wan27/params";
import type { ComposerField, ComposerValues } from "@/lib/wan27/schema";
import { useUpload, type UploadState } from "./use-upload";

type Source = "none" | "image" | "clip";

/** What the composer hands a field: its registration, server default and ARIA wiring. */
export type FieldProps = (name: ComposerField) => InputHTMLAttributes<HTMLInputElement>;

/**
 * What the video starts from: nothing, a first-frame image or a clip, and the
 * last frame once one of them is given. The choice follows the filled fields;
 * a link that carries both an image and a clip asks which to keep.
 */
export function SourceFields({
  values,
  set,
  field,
  err,
  uploads,
}: {
  values: ComposerValues;
  set: (name: ComposerField, value: string) => void;
  field: FieldProps;
  err: (name: ComposerField) => string | undefined;
  /** Whether files can be uploaded (the server has a key). */
  uploads: boolean;
}) {
  const hasImage = values.image.trim() !== "";
  const hasClip = values.firstClip.trim() !== "";
  // The choice made for a field that is still empty; once filled, the field itself decides.
  const [picked, setPicked] = useState<Source>(hasImage ? "image" : hasClip ? "clip" : "none");
  const source: Source | "both" = hasImage && hasClip ? "both" : hasImage ? "image" : hasClip ? "clip" : picked;
  // What the other source held, so switching back and forth loses nothing.
  const stash = useRef({ image: "", firstClip: "" });

  const uploadTo = (name: UrlField) => (uploads ? (url: string) => set(name, url) : undefined);

  function chooseSource(next: Source) {
    if (hasImage) stash.current.image = values.image;
    if (hasClip) stash.current.firstClip = values.firstClip;
    set("image", next === "image" ? stash.current.image : "");
    set("firstClip", next === "clip" ? stash.current.firstClip : "");
    setPicked(next);
  }

  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1.5 text-sm font-medium">Start from</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {(
          [
            ["none", "Nothing (text only)"],
            ["image", "A first-frame image"],
            ["clip", "A clip to continue"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className={choiceClass}>
            <input
              type="radio"
              name="source"
              value={value}
              checked={source === value}
              onChange={() => chooseSource(value)}
            />
            {label}
          </label>
        ))}
      </div>

      {source === "both" ? (
        <div
          role="alert"
          className="flex flex-col gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <p>
            This request has both a first-frame image and a clip to continue. Wan 2.7 starts from one of them: choose
            which to keep.
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={buttonClass} onClick={() => chooseSource("image")}>
              Keep the image
            </button>
            <button type="button" className={buttonClass} onClick={() => chooseSource("clip")}>
              Keep the clip
            </button>
          </div>
        </div>
      ) : null}

      {source === "image" || source === "both" ? (
        <UrlInput field="image" error={err("image")} props={field("image")} onUploaded={uploadTo("image")} />
      ) : null}
      {source === "clip" || source === "both" ? (
        <UrlInput
          field="firstClip"
          error={err("firstClip")}
          props={field("firstClip")}
          onUploaded={uploadTo("firstClip")}
        />
      ) : null}
      {hasImage || hasClip ? (
        <UrlInput
          field="lastFrame"
          error={err("lastFrame")}
          props={field("lastFrame")}
          onUploaded={uploadTo("lastFrame")}
        />
      ) : null}
    </fieldset>
  );
}

/**
 * A URL field, with an upload button when the server can reach apiframe: the
 * uploaded file's URL fills the field.
 */
export function UrlInput({
  field,
  error,
  props,
  onUploaded,
}: {
  field: UrlField;
  error?: string;
  props: InputHTMLAttributes<HTMLInputElement>;
  /** Set when uploads are possible (the server has a key). */
  onUploaded?: (url: string) => void;
}) {
  const meta = URL_FIELDS[field];
  return (
    <Field id={field} label={`${meta.label} URL`} hint={HINTS[field]} error={error}>
      <div className="flex flex-wrap gap-2">
        <input
          id={field}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={meta.example}
          className={`${inputClass} w-auto! min-w-0 flex-1`}
          {...props}
        />
        {onUploaded ? <UploadButton field={field} onUploaded={onUploaded} /> : null}
      </div>
    </Field>
  );
}

function UploadButton({ field, onUploaded }: { field: UrlField; onUploaded: (url: string) => void }) {
  const { state, upload } = useUpload(field, onUploaded);
  const picker = useRef<HTMLInputElement>(null);
  const label = URL_FIELDS[field].label;
  return (
    <>
      <button
        type="button"
        className={`${buttonClass} shrink-0`}
        disabled={state.kind === "uploading"}
        onClick={() => picker.current?.click()}
        title={`${UPLOAD_RULES[field].hint} ${UPLOAD_EXPIRY_NOTE}`}
      >
        {state.kind === "uploading" ? "Uploading…" : "Upload"}
        <span className="sr-only"> a file for {label}</span>
      </button>
      <input
        ref={picker}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-label={`${label} file`}
        accept={UPLOAD_RULES[field].accept}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that picking the same file again after a failure fires again.
          e.target.value = "";
          if (file) void upload(file);
        }}
      />
      <UploadMessage state={state} />
    </>
  );
}

function UploadMessage({ state }: { state: UploadState }) {
  if (state.kind === "error") {
    return (
      <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
        {state.message}
      </p>
    );
  }
  return (
    <p role="status" className="basis-full text-xs text-zinc-600 empty:hidden dark:text-zinc-400">
      {state.kind === "uploading" ? `Uploading ${state.name}…` : null}
      {state.kind === "done"
        ? `Uploaded ${state.name} (${formatFileSize(state.upload.byteSize)}). ${UPLOAD_EXPIRY_NOTE}`
        : null}
    </p>
  );
}
