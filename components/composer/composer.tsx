"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { Field, FieldError, buttonClass, choiceClass, describedBy, inputClass } from "@/components/ui/field";
import { buildUpstreamBody } from "@/lib/wan27/body";
import { activeValues, detectMode, estimateCost, modeLabel } from "@/lib/wan27/mode";
import { ASPECT_RATIOS, HINTS, LIMITS, RESOLUTIONS } from "@/lib/wan27/params";
import { PRESETS } from "@/lib/wan27/presets";
import { DEFAULT_VALUES, composerSchema, type ComposerField, type ComposerValues } from "@/lib/wan27/schema";
import type { FieldMessages } from "@/lib/errors";
import { GeneratePanel } from "@/components/generate/generate-panel";
import { RecentJobs } from "@/components/generate/recent-jobs";
import { encodeShareParams, type DroppedValue } from "@/lib/wan27/share";
import { CodeExport } from "./code-export";
import { SourceFields, UrlInput } from "./source-fields";
import { LinkNotice } from "./link-notice";
import { Summary } from "./summary";
import { useUrlSync } from "./use-url-sync";
import { formatNumber as fmt } from "@/lib/format";

const zod = zodResolver(composerSchema);
/**
 * Validates what will be sent: fields the mode hides (an aspect ratio once an
 * image is given, a last frame with no start) are dropped first, so a hidden
 * value never blocks the form.
 */
const resolver: Resolver<ComposerValues> = (values, context, options) =>
  zod(activeValues(values), context, options as never) as ReturnType<Resolver<ComposerValues>>;

function randomSeed(): number {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return (n ?? 0) % (LIMITS.seed.max + 1);
}

export interface ComposerProps {
  initialValues: ComposerValues;
  /** Values a link carried that were refused, to say so on the page. */
  dropped: DroppedValue[];
  /** Whether the server holds an apiframe key (never the key itself). */
  configured: boolean;
  /** A job to follow from the URL (a reload or a shared link mid-job). */
  initialJobId: string | null;
}

export function Composer({ initialValues, dropped, configured, initialJobId }: ComposerProps) {
  const form = useForm<ComposerValues>({
    defaultValues: initialValues,
    resolver,
    mode: "onTouched",
    reValidateMode: "onChange",
  });
  const { register, control, setValue, setError, formState, trigger, reset, handleSubmit } = form;
  const values = useWatch({ control }) as ComposerValues;
  const errors = formState.errors;
  const err = (field: ComposerField) => errors[field]?.message;

  // A link that carried values shows its problems at once, not after a blur.
  const openedFromLink = useRef(encodeShareParams(initialValues).size > 0);
  useEffect(() => {
    if (openedFromLink.current) void trigger();
  }, [trigger]);

  // Bumped when a preset or "Start over" replaces the form, so the source choice starts afresh.
  const [formGeneration, setFormGeneration] = useState(0);

  const mode = detectMode(values);
  const cost = estimateCost(values);
  const sent = useMemo(() => activeValues(values), [values]);
  const parsed = useMemo(() => composerSchema.safeParse(sent), [sent]);
  const body = useMemo(() => buildUpstreamBody(values), [values]);

  useUrlSync(values);

  /**
   * register() fills inputs from the browser; the default value makes the
   * server-rendered HTML carry the same value, so a link opens filled.
   */
  const field = <F extends ComposerField>(name: F, options?: Parameters<typeof register<F>>[1]) => ({
    ...register(name, options),
    defaultValue: initialValues[name] === null ? "" : String(initialValues[name]),
    "aria-invalid": !!err(name),
    "aria-describedby": describedBy(name, name in HINTS, !!err(name)),
  });

  const set = (field: ComposerField, value: ComposerValues[ComposerField]) =>
    setValue(field, value, { shouldDirty: true, shouldValidate: true, shouldTouch: true });

  function applyPreset(presetValues: ComposerValues) {
    reset(presetValues);
    setFormGeneration((n) => n + 1);
  }

  /** Shows every error and resolves with what to send, or null when something needs fixing. */
  const validate = useCallback(
    () =>
      new Promise<ComposerValues | null>((resolve) => {
        void handleSubmit(
          (checked) => resolve(checked),
          () => resolve(null),
        )();
      }),
    [handleSubmit],
  );

  /** The server's field messages (it checks with the same schema) land at their fields. */
  const onFieldErrors = useCallback(
    (fields: FieldMessages) => {
      for (const [name, messages] of Object.entries(fields)) {
        if (name in DEFAULT_VALUES && messages?.[0]) setError(name as ComposerField, { message: messages[0] });
      }
    },
    [setError],
  );

  const promptLength = values.prompt.length;

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 lg:py-10">
      <header className="flex flex-col gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Wan Composer</h1>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            Compose a Wan 2.7 video request for apiframe, see what it costs before anything is sent, share it as a link,
            or copy it as code.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Examples">
          <span className="text-sm text-zinc-600 dark:text-zinc-400">Start from an example:</span>
          {PRESETS.map((preset) => (
            <button key={preset.id} type="button" className={buttonClass} onClick={() => applyPreset(preset.values)}>
              {preset.label}
            </button>
          ))}
          <button type="button" className={`${buttonClass} border-dashed`} onClick={() => applyPreset(DEFAULT_VALUES)}>
            Start over
          </button>
        </div>
      </header>

      <LinkNotice dropped={dropped} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form
          aria-label="Wan 2.7 request"
          noValidate
          className="flex flex-col gap-5 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900/60"
          onSubmit={(e) => e.preventDefault()}
        >
          <Field
            id="prompt"
            label="Prompt"
            hint={HINTS.prompt}
            error={err("prompt")}
            aside={
              <span
                className={`text-xs tabular-nums ${promptLength > LIMITS.prompt.max ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
                aria-label={`${fmt(promptLength)} of ${fmt(LIMITS.prompt.max)} characters`}
              >
                {fmt(promptLength)} / {fmt(LIMITS.prompt.max)}
              </span>
            }
          >
            <textarea
              id="prompt"
              rows={4}
              className={inputClass}
              placeholder="A cinematic slow-motion shot of a tiger running through tall grass at golden hour"
              {...field("prompt")}
            />
          </Field>

          <Field id="negativePrompt" label="Negative prompt" hint={HINTS.negativePrompt} error={err("negativePrompt")}>
            <textarea
              id="negativePrompt"
              rows={2}
              className={inputClass}
              placeholder="blurry, low quality, watermark"
              {...field("negativePrompt")}
            />
          </Field>

          <SourceFields key={formGeneration} values={values} set={set} field={field} err={err} uploads={configured} />

          <UrlInput
            field="audio"
            error={err("audio")}
            props={field("audio")}
            onUploaded={configured ? (url) => set("audio", url) : undefined}
          />

          <div className="grid gap-5 sm:grid-cols-2">
            <fieldset>
              <legend className="mb-1.5 text-sm font-medium">Resolution</legend>
              <div className="flex gap-2">
                {RESOLUTIONS.map((r) => (
                  <label key={r} className={`${choiceClass} flex-1 justify-center`}>
                    <input
                      type="radio"
                      value={r}
                      defaultChecked={initialValues.resolution === r}
                      {...register("resolution")}
                    />
                    {r}
                  </label>
                ))}
              </div>
              <FieldError id="resolution" message={err("resolution")} />
            </fieldset>

            {mode === "text-to-video" ? (
              <Field id="aspectRatio" label="Aspect ratio" error={err("aspectRatio")}>
                <select id="aspectRatio" className={inputClass} {...field("aspectRatio")}>
                  {ASPECT_RATIOS.map((ar) => (
                    <option key={ar} value={ar}>
                      {ar}
                    </option>
                  ))}
                </select>
              </Field>
            ) : (
              <div className="flex flex-col gap-1.5">
                <span className="text-sm font-medium">Aspect ratio</span>
                <p className="rounded-md border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                  Follows the input {values.firstClip.trim() && !values.image.trim() ? "clip" : "image"}.
                </p>
              </div>
            )}
          </div>

          <Field id="duration" label="Duration (seconds)" hint={HINTS.duration} error={err("duration")}>
            <div className="flex items-center gap-3">
              <input
                type="range"
                aria-label="Duration slider"
                min={LIMITS.duration.min}
                max={LIMITS.duration.max}
                step={1}
                className="flex-1 accent-indigo-600"
                value={Number.isFinite(values.duration) ? values.duration : LIMITS.duration.default}
                onChange={(e) => set("duration", Number(e.target.value))}
              />
              <input
                id="duration"
                type="number"
                inputMode="numeric"
                min={LIMITS.duration.min}
                max={LIMITS.duration.max}
                step={1}
                className={`${inputClass} w-20! tabular-nums`}
                {...field("duration", { valueAsNumber: true })}
              />
            </div>
          </Field>

          <div className="grid gap-5 sm:grid-cols-2">
            <Field id="seed" label="Seed" hint={HINTS.seed} error={err("seed")}>
              <div className="flex gap-2">
                <input
                  id="seed"
                  type="number"
                  inputMode="numeric"
                  min={LIMITS.seed.min}
                  max={LIMITS.seed.max}
                  step={1}
                  placeholder="Random"
                  className={inputClass}
                  {...field("seed", {
                    setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v)),
                  })}
                />
                <button type="button" className={buttonClass} onClick={() => set("seed", randomSeed())}>
                  Random
                </button>
              </div>
            </Field>

            <div className="flex flex-col gap-1.5">
              <span className="text-sm font-medium">Prompt expansion</span>
              <label className="flex items-center gap-2 text-sm">
                <input
                  id="promptExpansion"
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  aria-describedby="promptExpansion-hint"
                  defaultChecked={initialValues.promptExpansion}
                  {...register("promptExpansion")}
                />
                Enable prompt expansion
              </label>
              <p id="promptExpansion-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
                {HINTS.promptExpansion}
              </p>
            </div>
          </div>
        </form>

        <Summary
          mode={mode}
          cost={cost}
          values={values}
          generate={
            <GeneratePanel
              configured={configured}
              initialJobId={initialJobId}
              credits={cost?.credits ?? null}
              validate={validate}
              onFieldErrors={onFieldErrors}
            />
          }
        />
      </div>

      <CodeExport body={body} valid={parsed.success} />

      <RecentJobs />

      {/* On a phone the summary sits below the form: keep mode and cost in sight while editing. */}
      <div
        aria-hidden="true"
        className="sticky bottom-0 -mx-4 flex items-center justify-between gap-3 border-t border-zinc-200 bg-white/95 px-4 py-2 text-sm backdrop-blur sm:-mx-6 sm:px-6 lg:hidden dark:border-zinc-800 dark:bg-zinc-950/95"
      >
        <span className="truncate">{modeLabel(mode)}</span>
        <span className="font-semibold tabular-nums">{cost ? `${fmt(cost.credits)} credits` : "—"}</span>
      </div>
    </div>
  );
}
