import { describe, expect, it } from "vitest";
import {
  MAX_UPLOAD_BYTES,
  UPLOAD_EXPIRY_NOTE,
  UPLOAD_FIELDS,
  UPLOAD_RULES,
  checkUpload,
  isUploadField,
  type UploadCandidate,
} from "./uploads";

const MB = 1024 * 1024;
const file = (name: string, type: string, size = 1000): UploadCandidate => ({ name, type, size });

describe("the upload table", () => {
  it("covers every URL field of the composer, each with its kind", () => {
    expect([...UPLOAD_FIELDS].sort()).toEqual(["audio", "firstClip", "image", "lastFrame"]);
    expect(UPLOAD_RULES.image.kind).toBe("image");
    expect(UPLOAD_RULES.lastFrame.kind).toBe("image");
    expect(UPLOAD_RULES.firstClip.kind).toBe("video");
    expect(UPLOAD_RULES.audio.kind).toBe("audio");
  });

  it("takes images up to 25 MB, clips up to 50 MB and driving audio up to 15 MB", () => {
    expect(UPLOAD_RULES.image.maxBytes).toBe(25 * MB);
    expect(UPLOAD_RULES.lastFrame.maxBytes).toBe(25 * MB);
    expect(UPLOAD_RULES.firstClip.maxBytes).toBe(50 * MB);
    expect(UPLOAD_RULES.audio.maxBytes).toBe(15 * MB);
    expect(MAX_UPLOAD_BYTES).toBe(50 * MB);
  });

  it("gives the file picker both types and extensions", () => {
    expect(UPLOAD_RULES.image.accept.split(",")).toEqual(
      expect.arrayContaining(["image/png", ".png", "image/jpeg", ".jpg", ".jpeg", "image/webp", ".webp", ".gif"]),
    );
    expect(UPLOAD_RULES.firstClip.accept.split(",")).toEqual(
      expect.arrayContaining(["video/mp4", ".mp4", "video/webm", ".webm", "video/quicktime", ".mov"]),
    );
    expect(UPLOAD_RULES.audio.accept).toBe(
      "audio/wav,audio/x-wav,audio/wave,audio/vnd.wave,.wav,audio/mpeg,audio/mp3,.mp3",
    );
  });

  it("writes hints from the same numbers, and says the clip must be 2–10 s", () => {
    expect(UPLOAD_RULES.image.hint).toBe("PNG, JPEG, WebP or GIF, up to 25 MB.");
    expect(UPLOAD_RULES.firstClip.hint).toMatch(/^MP4, WebM or MOV, up to 50 MB\. .*2–10 s/);
    expect(UPLOAD_RULES.audio.hint).toMatch(/^WAV or MP3, up to 15 MB\. .*3–30 s/);
  });

  it("tells people to upload right before sending", () => {
    expect(UPLOAD_EXPIRY_NOTE).toMatch(/1–2 hours/);
    expect(UPLOAD_EXPIRY_NOTE).toMatch(/right before/);
  });

  it("knows its field names and nothing else", () => {
    expect(isUploadField("firstClip")).toBe(true);
    expect(isUploadField("prompt")).toBe(false);
    expect(isUploadField("toString")).toBe(false);
    expect(isUploadField(undefined)).toBe(false);
  });
});

describe("checkUpload", () => {
  it.each([
    ["image", "start.png", "image/png"],
    ["image", "start.JPG", "image/jpeg"],
    ["lastFrame", "end.webp", "image/webp"],
    ["lastFrame", "end.gif", "image/gif"],
    ["firstClip", "intro.mp4", "video/mp4"],
    ["firstClip", "intro.webm", "video/webm"],
    ["firstClip", "intro.mov", "video/quicktime"],
    ["audio", "voice.wav", "audio/wav"],
    ["audio", "voice.wav", "audio/x-wav"],
    ["audio", "voice.mp3", "audio/mpeg"],
    ["audio", "voice.mp3", "Audio/MPEG; charset=binary"],
  ] as const)("accepts %s %s (%s)", (field, name, type) => {
    expect(checkUpload(field, file(name, type))).toBeNull();
  });

  it("goes by the extension when the browser declares no type, or the catch-all one", () => {
    expect(checkUpload("firstClip", file("intro.MOV", ""))).toBeNull();
    expect(checkUpload("audio", file("voice.mp3", "application/octet-stream"))).toBeNull();
    expect(checkUpload("image", file("start.bmp", ""))).toBe(
      "First-frame image must be a PNG, JPEG, WebP or GIF file; this is a .bmp file.",
    );
    expect(checkUpload("image", file("start", ""))).toBe(
      "First-frame image must be a PNG, JPEG, WebP or GIF file; this file's type is unknown.",
    );
  });

  it("refuses a type the field does not take, naming what it does take", () => {
    expect(checkUpload("audio", file("voice.ogg", "audio/ogg"))).toBe(
      "Driving audio must be a WAV or MP3 file; this is audio/ogg.",
    );
    expect(checkUpload("firstClip", file("start.png", "image/png"))).toBe(
      "Clip to continue must be an MP4, WebM or MOV file; this is image/png.",
    );
    expect(checkUpload("lastFrame", file("end.mp4", "video/mp4"))).toBe(
      "Last frame must be a PNG, JPEG, WebP or GIF file; this is video/mp4.",
    );
  });

  it("trusts a declared type over a misleading extension", () => {
    expect(checkUpload("audio", file("voice.mp3", "audio/ogg"))).toMatch(/this is audio\/ogg/);
  });

  it("refuses a file over the field's limit, with both sizes", () => {
    expect(checkUpload("image", file("big.png", "image/png", 31.2 * MB))).toBe(
      "The image is 31.2 MB; apiframe takes images up to 25 MB.",
    );
    expect(checkUpload("firstClip", file("long.mp4", "video/mp4", 60 * MB))).toBe(
      "The clip is 60 MB; apiframe takes videos up to 50 MB.",
    );
    expect(checkUpload("audio", file("long.wav", "audio/wav", 15 * MB + 1))).toBe(
      "The audio is 15.1 MB; the model takes driving audio up to 15 MB.",
    );
  });

  it("takes a file of exactly the limit", () => {
    expect(checkUpload("image", file("edge.png", "image/png", 25 * MB))).toBeNull();
    expect(checkUpload("audio", file("edge.mp3", "audio/mpeg", 15 * MB))).toBeNull();
  });

  it("refuses an empty file", () => {
    expect(checkUpload("image", file("blank.png", "image/png", 0))).toBe("The file is empty. Choose another one.");
  });
});
