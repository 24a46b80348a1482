"use client";

import { useRef, useState, type InputHTMLAttributes } from "react";
import { Field, buttonClass, choiceClass, inputClass } from "@/components/ui/field";
import { HINTS, URL_FIELDS, type UrlField } from "@/lib/wan27/params";
import type { ComposerField, ComposerValues } from "@/lib/wan27/schema";

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
}: {
  values: ComposerValues;
  set: (name: ComposerField, value: string) => void;
  field: FieldProps;
  err: (name: ComposerField) => string | undefined;
}) {
  const hasImage = values.image.trim() !== "";
  const hasClip = values.firstClip.trim() !== "";
  // The choice made for a field that is still empty; once filled, the field itself decides.
  const [picked, setPicked] = useState<Source>(hasImage ? "image" : hasClip ? "clip" : "none");
  const source: Source | "both" = hasImage && hasClip ? "both" : hasImage ? "image" : hasClip ? "clip" : picked;
  // What the other source held, so switching back and forth loses nothing.
  const stash = useRef({ image: "", firstClip: "" });

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
        <UrlInput field="image" error={err("image")} props={field("image")} />
      ) : null}
      {source === "clip" || source === "both" ? (
        <UrlInput field="firstClip" error={err("firstClip")} props={field("firstClip")} />
      ) : null}
      {hasImage || hasClip ? <UrlInput field="lastFrame" error={err("lastFrame")} props={field("lastFrame")} /> : null}
    </fieldset>
  );
}

export function UrlInput({
  field,
  error,
  props,
}: {
  field: UrlField;
  error?: string;
  props: InputHTMLAttributes<HTMLInputElement>;
}) {
  const meta = URL_FIELDS[field];
  return (
    <Field id={field} label={`${meta.label} URL`} hint={HINTS[field]} error={error}>
      <input
        id={field}
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder={meta.example}
        className={inputClass}
        {...props}
      />
    </Field>
  );
}
