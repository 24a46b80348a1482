import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { JobView } from "@/lib/job";
import { GET as getAccount } from "@/app/api/account/route";
import { GET as getVideo } from "./video/route";
import { GET as getJob } from "./route";

const upstream = vi.hoisted(() => {
  const getJob = vi.fn();
  const getMe = vi.fn();
  return { getJob, getMe, apiframe: vi.fn(() => ({ submit: vi.fn(), getJob, getMe })) };
});
vi.mock("@/lib/server/apiframe", () => ({ apiframe: upstream.apiframe }));

const ID = "3f1c2a9e-7b4d-4c1e-9a55-0d2e8b6f4a10";
const done: JobView = {
  id: ID,
  status: "COMPLETED",
  progress: 100,
  videoUrl: "https://cdn.example.com/v.mp4",
  error: null,
  creditsCharged: 85,
  createdAt: "2026-07-01T12:00:00.000Z",
  completedAt: "2026-07-01T12:02:41.000Z",
  expired: false,
};
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const req = (path: string) => new Request(`http://localhost${path}`);

beforeEach(() => {
  upstream.getJob.mockReset();
  upstream.getMe.mockReset();
  vi.unstubAllGlobals();
});

describe("GET /api/jobs/:id", () => {
  it("answers the job in the app's shape, never cached", async () => {
    upstream.getJob.mockResolvedValue(done);
    const res = await getJob(req(`/api/jobs/${ID}`), params(ID));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual(done);
  });

  it("refuses an id that is not a UUID without calling apiframe", async () => {
    const res = await getJob(req("/api/jobs/../me"), params("../me"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/UUID/);
    expect(upstream.getJob).not.toHaveBeenCalled();
  });

  it("passes apiframe's refusals on as their own status with a safe message", async () => {
    upstream.getJob.mockRejectedValue(new AppError("not_found"));
    const res = await getJob(req(`/api/jobs/${ID}`), params(ID));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  });

  it("answers a rate limit with Retry-After so the poller waits", async () => {
    upstream.getJob.mockRejectedValue(new AppError("rate_limited", undefined, { retryAfter: 7 }));
    const res = await getJob(req(`/api/jobs/${ID}`), params(ID));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
  });
});

describe("GET /api/jobs/:id/video", () => {
  it("streams the finished video as a download, without sending the key to the CDN", async () => {
    upstream.getJob.mockResolvedValue(done);
    const cdn = vi.fn(
      async () => new Response(new Uint8Array([0, 0, 0, 24]), { headers: { "content-type": "video/mp4" } }),
    );
    vi.stubGlobal("fetch", cdn);
    const res = await getVideo(req(`/api/jobs/${ID}/video`), params(ID));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="wan-2.7-${ID}.mp4"`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0, 0, 0, 24]));
    const init = (cdn.mock.calls[0] as unknown[])[1] as RequestInit | undefined;
    expect(JSON.stringify(init?.headers ?? {})).not.toMatch(/api-key/i);
  });

  it("says so when the job has no video yet", async () => {
    upstream.getJob.mockResolvedValue({ ...done, status: "PROCESSING", videoUrl: null, progress: 40 });
    const res = await getVideo(req(`/api/jobs/${ID}/video`), params(ID));
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/no finished video/);
  });

  it("says so when the CDN has purged the file", async () => {
    upstream.getJob.mockResolvedValue(done);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("gone", { status: 404 })),
    );
    const res = await getVideo(req(`/api/jobs/${ID}/video`), params(ID));
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/no longer/);
  });
});

describe("GET /api/account", () => {
  it("answers the team's balance", async () => {
    upstream.getMe.mockResolvedValue({ credits: 4500, teamName: "My Team", plan: "pro" });
    const res = await getAccount();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ credits: 4500, teamName: "My Team", plan: "pro" });
  });

  it("answers 503 not_configured, with how to fix it, when the server has no key", async () => {
    upstream.apiframe.mockImplementationOnce(() => {
      throw new AppError("not_configured");
    });
    const res = await getAccount();
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/APIFRAME_API_KEY/);
  });
});
