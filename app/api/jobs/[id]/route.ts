import { apiframe } from "@/lib/server/apiframe";
import { jobRoute } from "@/lib/server/job-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET → 200 JobView. Polled by the browser, so never cached anywhere. */
export const GET = jobRoute(async (id) =>
  Response.json(await apiframe().getJob(id), { headers: { "Cache-Control": "no-store" } }),
);
