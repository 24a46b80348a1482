import { AppError, errorResponse } from "@/lib/errors";
import { requireIdempotencyKey } from "@/lib/idempotency";
import type { GenerateAccepted } from "@/lib/job";
import { apiframe } from "@/lib/server/apiframe";
import { buildUpstreamBody } from "@/lib/wan27/body";
import { estimateCost } from "@/lib/wan27/mode";
import { composerSchema, fieldErrors } from "@/lib/wan27/schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST { values: ComposerInput, idempotencyKey } → 202 GenerateAccepted. */
export async function POST(request: Request): Promise<Response> {
  try {
    let payload: unknown;
    try {
      payload = await request.json();
    } catch {
      throw new AppError("invalid_request", "The request body must be JSON: { values, idempotencyKey }.");
    }
    const { values, idempotencyKey: rawKey } = (typeof payload === "object" && payload !== null ? payload : {}) as {
      values?: unknown;
      idempotencyKey?: unknown;
    };
    // One key per press of Generate, reused on every retry of it: apiframe then
    // returns the original job instead of charging for a second one.
    const idempotencyKey = requireIdempotencyKey(rawKey);

    // Validate before anything else, so the person sees what to fix even on
    // a server that is not configured yet; invalid input never goes upstream.
    const parsed = composerSchema.safeParse(values);
    if (!parsed.success) {
      throw new AppError("invalid_request", undefined, { fields: fieldErrors(parsed.error) });
    }

    const { jobId, status } = await apiframe().submit(buildUpstreamBody(parsed.data), idempotencyKey);
    const answer: GenerateAccepted = {
      jobId,
      status,
      estimate: { credits: estimateCost(parsed.data)?.credits ?? null },
    };
    return Response.json(answer, { status: 202, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
