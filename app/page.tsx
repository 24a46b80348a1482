import { Composer } from "@/components/composer/composer";
import { isJobId } from "@/lib/job";
import { getServerEnv } from "@/lib/server/env";
import { JOB_KEY, decodeShareParams } from "@/lib/wan27/share";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Whether generation can work: the page learns a yes or no, never the key. */
function hasApiKey(): boolean {
  try {
    return getServerEnv().apiframeApiKey !== undefined;
  } catch {
    // A malformed configuration: the generate route explains it when pressed.
    return true;
  }
}

/**
 * The composer. A shared link is decoded on the server, so the page arrives
 * with the form already filled: no flash of an empty form.
 */
export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const { values, dropped } = decodeShareParams(query);
  const job = typeof query[JOB_KEY] === "string" && isJobId(query[JOB_KEY]) ? query[JOB_KEY] : null;
  return (
    <main>
      <Composer initialValues={values} dropped={dropped} configured={hasApiKey()} initialJobId={job} />
    </main>
  );
}
