import { AppError } from "@/lib/errors";
import { apiframe } from "@/lib/server/apiframe";
import { jobRoute } from "@/lib/server/job-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET → the finished video as a download. The browser cannot force a download
 * from another origin (the CDN), so the file passes through here with a
 * Content-Disposition. The CDN gets no API key: it does not need one.
 */
export const GET = jobRoute(async (id) => {
  const job = await apiframe().getJob(id);
  if (job.status !== "COMPLETED" || !job.videoUrl) {
    throw new AppError("not_found", "This job has no finished video to download yet.");
  }
  let file: Response;
  try {
    file = await fetch(job.videoUrl, { signal: AbortSignal.timeout(60_000) });
  } catch (cause) {
    throw new AppError("upstream_unavailable", "The video could not be fetched from apiframe's storage. Try again.", {
      cause,
    });
  }
  if (!file.ok || !file.body) {
    throw new AppError("not_found", "The video is no longer in apiframe's storage (files expire after a while).");
  }
  const headers = new Headers({
    "Content-Type": file.headers.get("content-type") ?? "video/mp4",
    "Content-Disposition": `attachment; filename="wan-2.7-${id}.mp4"`,
    "Cache-Control": "private, max-age=3600",
  });
  const length = file.headers.get("content-length");
  if (length) headers.set("Content-Length", length);
  return new Response(file.body, { status: 200, headers });
});
