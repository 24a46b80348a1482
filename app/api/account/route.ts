import { errorResponse } from "@/lib/errors";
import type { AccountSummary } from "@/lib/job";
import { apiframe } from "@/lib/server/apiframe";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET → 200 AccountSummary: the team's credit balance, read live. */
export async function GET(): Promise<Response> {
  try {
    const account: AccountSummary = await apiframe().getMe();
    return Response.json(account, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
