import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { UploadView } from "@/lib/uploads";
import { POST } from "./route";

// The upstream client is replaced (vi.mock is hoisted above the imports): these
// tests are about what the route sends it, and what it refuses to send.
const upstream = vi.hoisted(() => {
  const upload = vi.fn();
  const client = () => ({ submit: vi.fn(), getJob: vi.fn(), getMe: vi.fn(), upload });
  return { upload, client, apiframe: vi.fn(client) };
});
vi.mock("@/lib/server/apiframe", () => ({ apiframe: upstream.apiframe }));

const MB = 1024 * 1024;
const KEY = "upload-7f3a9c1e";
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const UPLOADED: UploadView = {
  url: "https://cdn2.apiframe.ai/uploads/7d0c6a8e/start.png",
  kind: "image",
  contentType: "image/png",
  byteSize: PNG_BYTES.length,
  expiresAt: "2026-07-01T14:00:00.000Z",
};

interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

function form(parts: { field?: string; idempotencyKey?: string; file?: File | string }): FormData {
  const data = new FormData();
  if (parts.field !== undefined) data.append("field", parts.field);
  if (parts.idempotencyKey !== undefined) data.append("idempotencyKey", parts.idempotencyKey);
  if (parts.file !== undefined) data.append("file", parts.file);
  return data;
}

const png = () => new File([PNG_BYTES], "start.png", { type: "image/png" });

function post(body: FormData | string, headers: Record<string, string> = {}): Promise<Response> {
  return POST(new Request("http://localhost/api/uploads", { method: "POST", body, headers }));
}

async function expectRefused(res: Response, message: RegExp | string) {
  expect(res.status).toBe(400);
  const body = (await res.json()) as ErrorJson;
  expect(body.error.code).toBe("invalid_request");
  if (typeof message === "string") expect(body.error.message).toBe(message);
  else expect(body.error.message).toMatch(message);
  expect(upstream.apiframe).not.toHaveBeenCalled();
  expect(upstream.upload).not.toHaveBeenCalled();
  return body;
}

beforeEach(() => {
  upstream.upload.mockReset();
  // mockReset also drops any unused *Once implementation a test left behind.
  upstream.apiframe.mockReset().mockImplementation(upstream.client);
  upstream.upload.mockResolvedValue(UPLOADED);
});

describe("POST /api/uploads", () => {
  it("answers 201 with the upload, uncached", async () => {
    const res = await post(form({ field: "image", idempotencyKey: KEY, file: png() }));
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual(UPLOADED);
  });

  it("hands apiframe the file, its name and the caller's key", async () => {
    await post(form({ field: "lastFrame", idempotencyKey: KEY, file: png() }));
    expect(upstream.upload).toHaveBeenCalledTimes(1);
    const [file, name, key] = upstream.upload.mock.calls[0] as [Blob, string, string];
    expect(name).toBe("start.png");
    expect(key).toBe(KEY);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it.each([
    ["unknown", "prompt"],
    ["missing", undefined],
  ])("answers 400 for a field that is %s, sending nothing", async (_case, field) => {
    await expectRefused(
      await post(form({ field, idempotencyKey: KEY, file: png() })),
      "field must be one of image, firstClip, lastFrame, audio.",
    );
  });

  it.each([
    ["missing", undefined],
    ["a text field", "start.png"],
  ])("answers 400 when the file is %s, sending nothing", async (_case, file) => {
    await expectRefused(
      await post(form({ field: "image", idempotencyKey: KEY, file })),
      "Send the file as multipart/form-data with a `file` field.",
    );
  });

  it("answers 400 for a body that is not a multipart form", async () => {
    await expectRefused(
      await post(JSON.stringify({ field: "image" }), { "Content-Type": "application/json" }),
      "Send the file as multipart/form-data with a `file` field.",
    );
  });

  it.each([
    ["missing", undefined],
    ["too short", "abc1234"],
    ["with spaces", "has spaces 123"],
  ])("answers 400 for an idempotency key that is %s", async (_case, idempotencyKey) => {
    await expectRefused(await post(form({ field: "image", idempotencyKey, file: png() })), /idempotencyKey/);
  });

  it("answers 400 at the field for a file over its limit, sending nothing", async () => {
    const voice = new File([new Uint8Array(16 * MB)], "voice.mp3", { type: "audio/mpeg" });
    const body = await expectRefused(
      await post(form({ field: "audio", idempotencyKey: KEY, file: voice })),
      "The audio is 16 MB; the model takes driving audio up to 15 MB.",
    );
    expect(body.error.fields).toEqual({ audio: ["The audio is 16 MB; the model takes driving audio up to 15 MB."] });
  });

  it("answers 400 at the field for a type the field does not take, sending nothing", async () => {
    const voice = new File([new Uint8Array(10)], "voice.ogg", { type: "audio/ogg" });
    const body = await expectRefused(
      await post(form({ field: "audio", idempotencyKey: KEY, file: voice })),
      "Driving audio must be a WAV or MP3 file; this is audio/ogg.",
    );
    expect(body.error.fields?.audio).toEqual(["Driving audio must be a WAV or MP3 file; this is audio/ogg."]);
  });

  it("refuses a body larger than any field takes on its declared length", async () => {
    await expectRefused(
      await post(form({ field: "firstClip", idempotencyKey: KEY, file: png() }), {
        "Content-Length": String(51 * MB),
      }),
      /no field takes more than 50 MB/,
    );
  });

  it("checks the file before the configuration, so a wrong file is named first", async () => {
    upstream.apiframe.mockImplementationOnce(() => {
      throw new AppError("not_configured");
    });
    await expectRefused(await post(form({ field: "firstClip", idempotencyKey: KEY, file: png() })), /Clip to continue/);
  });

  it("answers 503 not_configured for a good file on a server without a key", async () => {
    upstream.apiframe.mockImplementationOnce(() => {
      throw new AppError("not_configured");
    });
    const res = await post(form({ field: "image", idempotencyKey: KEY, file: png() }));
    expect(res.status).toBe(503);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("not_configured");
    expect(body.error.message).toContain("APIFRAME_API_KEY");
  });

  it("puts apiframe's refusal of the file beside the field", async () => {
    upstream.upload.mockRejectedValueOnce(
      new AppError("invalid_request", "apiframe did not accept this file: Unsupported file type."),
    );
    const res = await post(form({ field: "image", idempotencyKey: KEY, file: png() }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.fields).toEqual({
      image: ["apiframe did not accept this file: Unsupported file type."],
    });
  });

  it("passes an upstream outage on as a retryable 503", async () => {
    upstream.upload.mockRejectedValueOnce(new AppError("upstream_unavailable"));
    const res = await post(form({ field: "image", idempotencyKey: KEY, file: png() }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorJson).error.code).toBe("upstream_unavailable");
  });
});
