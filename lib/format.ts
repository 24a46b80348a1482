/**
 * Numbers as people read them: "4,500", "2,147,483,647". One fixed locale, so
 * the server-rendered page and the browser agree (no hydration mismatch) and
 * messages read the same in the form, the API and the tests.
 */
export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}

// Binary megabytes: apiframe does not say which it means for its upload limits,
// and these are the sizes most file managers and upload libraries count in.
export const BYTES_PER_MB = 1024 * 1024;

/** A file's size as a person reads it: "1 KB", "482 KB", "31.2 MB" (binary units, as file managers count). */
export function formatFileSize(bytes: number): string {
  if (bytes < BYTES_PER_MB) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${formatNumber(Math.round((bytes / BYTES_PER_MB) * 10) / 10)} MB`;
}
