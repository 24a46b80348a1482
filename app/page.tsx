import { Composer } from "@/components/composer/composer";
import { decodeShareParams } from "@/lib/wan27/share";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The composer. A shared link is decoded on the server, so the page arrives
 * with the form already filled: no flash of an empty form.
 */
export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const { values, dropped } = decodeShareParams(await searchParams);
  return (
    <main>
      <Composer initialValues={values} dropped={dropped} />
    </main>
  );
}
