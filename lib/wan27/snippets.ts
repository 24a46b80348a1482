import { API_ORIGIN, GENERATE_PATH, PLACEHOLDER_API_KEY } from "./params";
import type { GenerateVideoBody } from "./body";

export const SNIPPET_LANGUAGES = {
  curl: { label: "curl" },
  python: { label: "Python" },
  javascript: { label: "JavaScript" },
} as const;
export type SnippetLanguage = keyof typeof SNIPPET_LANGUAGES;

const ENDPOINT = `${API_ORIGIN}${GENERATE_PATH}`;
const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["X-API-Key", PLACEHOLDER_API_KEY],
  ["Content-Type", "application/json"],
];

/** Wraps text in single quotes for a POSIX shell; `'` becomes `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A Python literal for JSON data. JSON string escapes (\", \\, \n, \uXXXX)
 * mean the same in Python; only true/false/null need their Python names.
 */
export function pythonLiteral(value: Json, indent = 0): string {
  const pad = " ".repeat(indent + 4);
  const end = " ".repeat(indent);
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string" || typeof value === "number") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${pad}${pythonLiteral(v, indent + 4)},`).join("\n")}\n${end}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries
    .map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, indent + 4)},`)
    .join("\n")}\n${end}}`;
}

const json = (body: GenerateVideoBody, indent = 0) =>
  JSON.stringify(body, null, 2).replace(/\n/g, `\n${" ".repeat(indent)}`);

function curl(body: GenerateVideoBody): string {
  return [
    `curl -X POST ${ENDPOINT} \\`,
    ...HEADERS.map(([k, v]) => `  -H ${shellQuote(`${k}: ${v}`)} \\`),
    `  -d ${shellQuote(json(body))}`,
  ].join("\n");
}

function python(body: GenerateVideoBody): string {
  return [
    "import requests",
    "",
    "response = requests.post(",
    `    ${JSON.stringify(ENDPOINT)},`,
    "    headers={",
    ...HEADERS.map(([k, v]) => `        ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    "    },",
    `    json=${pythonLiteral(body as unknown as Json, 4)},`,
    ")",
    "print(response.status_code, response.json())",
  ].join("\n");
}

function javascript(body: GenerateVideoBody): string {
  return [
    `const response = await fetch(${JSON.stringify(ENDPOINT)}, {`,
    `  method: "POST",`,
    "  headers: {",
    ...HEADERS.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    "  },",
    `  body: JSON.stringify(${json(body, 2)}),`,
    "});",
    "console.log(response.status, await response.json());",
  ].join("\n");
}

/** The request as code, sending exactly `body`, correctly quoted whatever the prompt holds. */
export function buildSnippet(language: SnippetLanguage, body: GenerateVideoBody): string {
  switch (language) {
    case "curl":
      return curl(body);
    case "python":
      return python(body);
    case "javascript":
      return javascript(body);
  }
}
