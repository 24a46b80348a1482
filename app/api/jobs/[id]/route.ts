import { errorResponse } from "@/lib/errors";
import { requireJobId } from "@/lib/job";
import { apiframe } from "@/lib/server/apiframe";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET → 200 JobView. Polled by the browser, so never cached anywhere. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const id = requireJobId((await params).id);
    const job = await apiframe().getJob(id);
    return Response.json(job, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
