/**
 * Numbers as people read them: "4,500", "2,147,483,647". One fixed locale, so
 * the server-rendered page and the browser agree (no hydration mismatch) and
 * messages read the same in the form, the API and the tests.
 */
export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}
