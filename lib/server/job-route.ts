import "server-only";
import { errorResponse } from "@/lib/errors";
import { requireJobId } from "@/lib/job";

type JobRouteContext = { params: Promise<{ id: string }> };

/**
 * A `GET /api/jobs/[id]/…` handler: the id is checked first (a malformed one
 * costs no upstream call) and every failure becomes our typed error answer.
 */
export function jobRoute(handler: (id: string) => Promise<Response>) {
  return async (_request: Request, { params }: JobRouteContext): Promise<Response> => {
    try {
      return await handler(requireJobId((await params).id));
    } catch (err) {
      return errorResponse(err);
    }
  };
}
