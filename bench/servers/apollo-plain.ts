/**
 * The framework floor: plain Apollo Server 5 over the same procurement data, fetched ONCE from the
 * replay server at start (the whole release listing) and held in memory. No freshness, no provenance,
 * no limits: resolvers read plain objects.
 */
import { compile, getJson, type OcdsRelease, type Process, type ReleasePackage } from './ocds.js';
import { startApolloHttp } from './apollo-http.js';
import type { BenchServer } from './listen.js';

/** Every process the replay server lists, newest first (the listing followed through `links.next`). */
export async function loadAllProcesses(replayUrl: string): Promise<Process[]> {
  const byOcid = new Map<string, OcdsRelease[]>();
  let next: string | undefined = `${replayUrl}/ocds/releases?limit=500`;
  while (next !== undefined) {
    const page: ReleasePackage = await getJson<ReleasePackage>(next);
    for (const r of page.releases) {
      const list = byOcid.get(r.ocid);
      if (list) list.push(r);
      else byOcid.set(r.ocid, [r]);
    }
    next = page.links?.next;
  }
  return [...byOcid]
    .map(([ocid, releases]) => compile(ocid, releases))
    .sort((a, b) => b.date.localeCompare(a.date) || b.ocid.localeCompare(a.ocid));
}

export async function startApolloPlain(replayUrl: string): Promise<BenchServer> {
  const processes = await loadAllProcesses(replayUrl);
  return startApolloHttp({
    Query: {
      contractingProcesses: (_: unknown, args: { first: number }) => ({
        totalCount: processes.length,
        edges: processes.slice(0, Math.max(0, args.first)).map((node) => ({ node })),
      }),
    },
  });
}
