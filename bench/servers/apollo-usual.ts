/**
 * Apollo Server 5 written the usual way: the same SDL as plain Apollo, resolvers that fetch what they need
 * from the replay server over HTTP, DataLoader per request against N+1 fetches, and an lru-cache with a TTL
 * in front of every upstream URL, shared by all requests. No freshness, no provenance, no store.
 *
 * The list resolver reads the release listing (every page, from the cache) to filter, order and count,
 * and hands out bare ocids; each process's fields come from its record (`/ocds/records/{ocid}`), loaded
 * through the request's DataLoader, so the processes of one page are fetched in one batch, at most once
 * per TTL. What is cached is the parsed upstream JSON; compiling it is the resolvers' work, per request.
 */
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { loadAllReleases } from './apollo-plain.js';
import { startApolloHttp } from './apollo-http.js';
import type { BenchServer } from './listen.js';
import {
  connectionOf,
  getJson,
  processesOf,
  processOfRecord,
  type ListArgs,
  type Process,
  type RecordPackage,
  type ReleasePackage,
} from './ocds.js';

/** The replay's `Cache-Control: max-age` for OCDS responses, taken as the TTL. */
const TTL_MS = 300_000;

interface Context {
  readonly records: DataLoader<string, Process>;
}

interface ProcessRef {
  readonly ocid: string;
}

export async function startApolloUsual(replayUrl: string): Promise<BenchServer> {
  // `fetch` of lru-cache runs one upstream call per missing URL, however many requests ask at once.
  const upstream = new LRUCache<string, object>({
    max: 10_000,
    ttl: TTL_MS,
    fetchMethod: (url) => getJson<object>(url),
  });
  const cached = async <T>(url: string): Promise<T> => (await upstream.fetch(url)) as T;
  const records = (ocids: readonly string[]): Promise<Process[]> =>
    Promise.all(
      ocids.map(async (ocid) =>
        processOfRecord(
          ocid,
          await cached<RecordPackage>(`${replayUrl}/ocds/records/${encodeURIComponent(ocid)}`),
        ),
      ),
    );
  const field =
    <K extends keyof Process>(key: K) =>
    async (p: ProcessRef, _: unknown, ctx: Context): Promise<Process[K]> =>
      (await ctx.records.load(p.ocid))[key];
  return startApolloHttp<Context>(
    {
      Query: {
        contractingProcesses: async (_: unknown, args: ListArgs) => {
          const releases = await loadAllReleases(replayUrl, (url) => cached<ReleasePackage>(url));
          return connectionOf(processesOf(releases), args, (p): ProcessRef => ({ ocid: p.ocid }));
        },
      },
      ContractingProcess: {
        date: field('date'),
        tender: field('tender'),
        buyer: field('buyer'),
        awards: field('awards'),
      },
    },
    () => ({ records: new DataLoader(records) }),
  );
}
