/**
 * What a user would write first: the same SDL as the plain Apollo server, with resolvers that call the
 * replay server over HTTP on every field access that needs data. No cache, no batching, no dedup:
 * per request, the release listing is paged until it names `first` processes (and paged to its end for
 * `totalCount`), and each of `date`, `tender`, `buyer` and `awards` fetches the process's record.
 */
import { getJson, processOfRecord, type Process, type RecordPackage, type ReleasePackage } from './ocds.js';
import { startApolloHttp } from './apollo-http.js';
import type { BenchServer } from './listen.js';

interface ProcessRef {
  ocid: string;
}

export async function startNaive(replayUrl: string): Promise<BenchServer> {
  /** One process from its record: the published compiled release when there is one, else compiled here. */
  const record = async ({ ocid }: ProcessRef): Promise<Process> =>
    processOfRecord(
      ocid,
      await getJson<RecordPackage>(`${replayUrl}/ocds/records/${encodeURIComponent(ocid)}`),
    );
  const ocids = async (limit: number, pageSize: number): Promise<string[]> => {
    const seen = new Set<string>();
    let next: string | undefined = `${replayUrl}/ocds/releases?limit=${pageSize}`;
    while (next !== undefined && seen.size < limit) {
      const page: ReleasePackage = await getJson<ReleasePackage>(next);
      for (const r of page.releases) seen.add(r.ocid);
      next = page.links?.next;
    }
    return [...seen].slice(0, limit);
  };
  return startApolloHttp({
    Query: { contractingProcesses: (_: unknown, args: { first: number }) => ({ first: args.first }) },
    ContractingProcessConnection: {
      totalCount: async () => (await ocids(Number.MAX_SAFE_INTEGER, 500)).length,
      edges: async ({ first }: { first: number }) =>
        (await ocids(Math.max(0, first), 100)).map((ocid) => ({ node: { ocid } })),
    },
    ContractingProcess: {
      date: async (p: ProcessRef) => (await record(p)).date,
      tender: async (p: ProcessRef) => (await record(p)).tender,
      buyer: async (p: ProcessRef) => (await record(p)).buyer,
      awards: async (p: ProcessRef) => (await record(p)).awards,
    },
  });
}
