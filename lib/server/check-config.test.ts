import { afterEach, describe, expect, it, vi } from "vitest";
import { checkConfigAtStart } from "./check-config";
import { resetServerEnvForTests } from "./env";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  resetServerEnvForTests();
});

function run(env: Record<string, string>) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  resetServerEnvForTests();
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
  checkConfigAtStart();
  return { printed: [...log.mock.calls, ...error.mock.calls].flat().join("\n"), exit };
}

describe("checkConfigAtStart", () => {
  it("starts without a key and says generation is off", () => {
    const { printed, exit } = run({ APIFRAME_API_KEY: "" });
    expect(printed).toMatch(/no APIFRAME_API_KEY/);
    expect(exit).not.toHaveBeenCalled();
  });

  it("starts with a key and names the base URL, never the key", () => {
    const { printed, exit } = run({
      APIFRAME_API_KEY: "afk_secret_value",
      APIFRAME_BASE_URL: "http://127.0.0.1:4010/",
    });
    expect(printed).toContain("requests go to http://127.0.0.1:4010");
    expect(printed).not.toContain("afk_secret_value");
    expect(exit).not.toHaveBeenCalled();
  });

  it("stops the server with a sentence when the key is malformed, without echoing it", () => {
    const { printed, exit } = run({ APIFRAME_API_KEY: "sk-not-apiframe" });
    expect(printed).toMatch(/keys start with "afk_"/);
    expect(printed).not.toContain("sk-not-apiframe");
    expect(exit).toHaveBeenCalledWith(1);
  });

  it("stops the server when the base URL is not http(s)", () => {
    const { printed, exit } = run({ APIFRAME_BASE_URL: "ftp://example.com" });
    expect(printed).toMatch(/APIFRAME_BASE_URL must be an http\(s\) address/);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
