import { AppError, errorResponse } from "@/lib/errors";
import { isJobId } from "@/lib/job";
import { apiframe } from "@/lib/server/apiframe";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET → 200 JobView. Polled by the browser, so never cached anywhere. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    // Checked here so a malformed id costs no upstream call.
    if (!isJobId(id)) throw new AppError("invalid_request", "That is not a job id: job ids are UUIDs.");
    const job = await apiframe().getJob(id);
    return Response.json(job, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
