/**
 * The framework floor: plain Apollo Server 5 over the same procurement data, fetched ONCE from the
 * replay server at start (the whole release listing) and held in memory. No freshness, no provenance,
 * no limits: resolvers read plain objects, and lists are filtered and paged over them in memory.
 */
import {
  connectionOf,
  getJson,
  processesOf,
  type ListArgs,
  type OcdsRelease,
  type Process,
  type ReleasePackage,
} from './ocds.js';
import { startApolloHttp } from './apollo-http.js';
import type { BenchServer } from './listen.js';

/** Every release of the replay server's listing, followed through `links.next`. */
export async function loadAllReleases(
  replayUrl: string,
  get: (url: string) => Promise<ReleasePackage> = getJson,
): Promise<OcdsRelease[]> {
  const releases: OcdsRelease[] = [];
  let next: string | undefined = `${replayUrl}/ocds/releases?limit=500`;
  while (next !== undefined) {
    const page: ReleasePackage = await get(next);
    releases.push(...page.releases);
    next = page.links?.next;
  }
  return releases;
}

/** Every process the replay server lists, compiled, newest first. */
export async function loadAllProcesses(replayUrl: string): Promise<Process[]> {
  return processesOf(await loadAllReleases(replayUrl));
}

export async function startApolloPlain(replayUrl: string): Promise<BenchServer> {
  const processes = await loadAllProcesses(replayUrl);
  return startApolloHttp({
    Query: {
      contractingProcesses: (_: unknown, args: ListArgs) => connectionOf(processes, args, (p) => p),
    },
  });
}
