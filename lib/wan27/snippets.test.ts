import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composerValues } from "@/lib/test/arbitraries";
import { buildUpstreamBody, type GenerateVideoBody } from "./body";
import { DEFAULT_VALUES } from "./schema";
import { buildSnippet } from "./snippets";

const ENDPOINT = "https://api.apiframe.ai/v2/videos/generate";
const HEADERS = { "X-API-Key": "afk_your_api_key_here", "Content-Type": "application/json" };

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Runs the curl snippet in a real bash, with `curl` replaced by a function that reports its arguments. */
function runCurl(snippet: string): Sent {
  const script = `curl() {
    local url="" data="" headers=()
    while [ $# -gt 0 ]; do
      case "$1" in
        -X) shift ;;
        -H) headers+=("$2"); shift ;;
        -d) data="$2"; shift ;;
        *) url="$1" ;;
      esac
      shift
    done
    printf '%s\\0' "$url" "$data" "\${headers[@]}"
  }
  ${snippet}`;
  const [url, data, ...headers] = execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\0").slice(0, -1);
  return {
    url: url!,
    body: JSON.parse(data!),
    headers: Object.fromEntries(headers.map((h) => h.split(/: (.*)/s).slice(0, 2))),
  };
}

const fakeRequests = mkdtempSync(join(tmpdir(), "snippet-py-"));
writeFileSync(
  join(fakeRequests, "requests.py"),
  `calls = []
class _Response:
    status_code = 202
    def json(self):
        return {}
def post(url, headers=None, json=None):
    calls.append({"url": url, "headers": headers, "body": json})
    return _Response()
`,
);

/**
 * Runs Python snippets in a real python3 (one process for all of them), with a
 * stand-in \`requests\` module that records each call.
 */
function runPython(snippets: string[]): Sent[] {
  const driver = `import contextlib, io, json, sys, requests
for snippet in json.load(sys.stdin):
    with contextlib.redirect_stdout(io.StringIO()):
        exec(snippet, {})
sys.stdout.write(json.dumps(requests.calls))`;
  const out = execFileSync("python3", ["-c", driver], {
    input: JSON.stringify(snippets),
    env: { ...process.env, PYTHONPATH: fakeRequests, PYTHONIOENCODING: "utf-8" },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

/** Evaluates the JavaScript snippet with a fake `fetch` that records the call. */
async function runJavaScript(snippet: string): Promise<Sent> {
  let sent: Sent | undefined;
  const fetch = async (url: string, init: { headers: Record<string, string>; body: string }) => {
    sent = { url, headers: init.headers, body: JSON.parse(init.body) };
    return { status: 202, json: async () => ({}) };
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  await new AsyncFunction("fetch", "console", snippet)(fetch, { log: () => {} });
  if (!sent) throw new Error("the snippet never called fetch");
  return sent;
}

const tricky: GenerateVideoBody = buildUpstreamBody({
  ...DEFAULT_VALUES,
  prompt: `It's a "quoted" line\nand a second one 😀 with $HOME, \`ticks\` and a back\\slash`,
  negativePrompt: "don't 'blur'",
  seed: 42,
  promptExpansion: true,
});

describe("code snippets", () => {
  it("curl, parsed back by bash, sends exactly the body with both headers", () => {
    expect(runCurl(buildSnippet("curl", tricky))).toEqual({ url: ENDPOINT, headers: HEADERS, body: tricky });
  });

  it("Python requests, run by python3, sends exactly the body with both headers", () => {
    expect(runPython([buildSnippet("python", tricky)])).toEqual([{ url: ENDPOINT, headers: HEADERS, body: tricky }]);
  });

  it("JavaScript fetch, evaluated, sends exactly the body with both headers", async () => {
    expect(await runJavaScript(buildSnippet("javascript", tricky))).toEqual({
      url: ENDPOINT,
      headers: HEADERS,
      body: tricky,
    });
  });

  it("stay exact for many generated requests in all three languages", async () => {
    const bodies = fc.sample(composerValues, { numRuns: 40, seed: 7 }).map(buildUpstreamBody);
    for (const body of bodies) {
      expect(runCurl(buildSnippet("curl", body)).body).toEqual(body);
      expect((await runJavaScript(buildSnippet("javascript", body))).body).toEqual(body);
    }
    expect(runPython(bodies.map((b) => buildSnippet("python", b))).map((s) => s.body)).toEqual(bodies);
  });

  it("show the placeholder key, never a real one", () => {
    for (const lang of ["curl", "python", "javascript"] as const) {
      expect(buildSnippet(lang, tricky)).toContain("afk_your_api_key_here");
    }
  });
});
