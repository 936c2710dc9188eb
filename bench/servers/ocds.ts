/**
 * The small slice of OCDS the comparison servers read, and a deliberately simple compilation (the last
 * value of each field wins; awards merged by id). Good enough to serve the same fields, not the OCDS
 * merge rules the gateway implements. Lists follow the gateway's order, cursors and filter rules.
 */
import { readFileSync } from 'node:fs';
export interface OcdsValue {
  amount?: number;
  currency?: string;
}
export interface OcdsOrg {
  id?: string;
  name?: string;
}
export interface OcdsTender {
  title?: string;
  status?: string;
  procurementMethod?: string;
  value?: OcdsValue;
}
export interface OcdsAward {
  id?: string;
  status?: string;
  suppliers?: OcdsOrg[];
}
export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tender?: OcdsTender;
  buyer?: OcdsOrg;
  awards?: OcdsAward[];
}
export interface ReleasePackage {
  releases: OcdsRelease[];
  links?: { next?: string };
}
export interface RecordPackage {
  records: { ocid: string; releases?: (OcdsRelease | { url: string })[]; compiledRelease?: OcdsRelease }[];
}

/** What the resolvers of both comparison servers serve for one process. */
export interface Process {
  ocid: string;
  date: string;
  tender: OcdsTender | null;
  buyer: OcdsOrg | null;
  awards: OcdsAward[];
}

/** Compiles one process's releases: the last value of each field wins, awards merged by id. */
export function compile(ocid: string, releases: readonly OcdsRelease[]): Process {
  const sorted = [...releases].sort((a, b) => a.date.localeCompare(b.date));
  let tender: OcdsTender | null = null;
  let buyer: OcdsOrg | null = null;
  const awards = new Map<string, OcdsAward>();
  let date = '';
  for (const r of sorted) {
    date = r.date;
    if (r.tender) tender = { ...(tender ?? {}), ...r.tender };
    if (r.buyer) buyer = r.buyer;
    for (const a of r.awards ?? []) {
      const key = a.id ?? String(awards.size);
      awards.set(key, { ...awards.get(key), ...a });
    }
  }
  return { ocid, date, tender, buyer, awards: [...awards.values()] };
}

/** One process from its record: the published compiled release when there is one, else compiled here. */
export function processOfRecord(ocid: string, pkg: RecordPackage): Process {
  const rec = pkg.records[0];
  if (rec?.compiledRelease) return compile(ocid, [rec.compiledRelease]);
  return compile(
    ocid,
    (rec?.releases ?? []).filter((r): r is OcdsRelease => 'ocid' in r),
  );
}

/** GET a JSON document from the replay server. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Arguments of `contractingProcesses` as the comparison servers take them: the gateway's, less `feed`. */
export interface ListArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly filter?: ProcessFilter | null;
}

/** The gateway's `ContractingProcessFilter`, less `changedSince`. */
export interface ProcessFilter {
  readonly buyer?: string | null;
  readonly supplier?: string | null;
  readonly procurementMethod?: string | null;
  readonly status?: string | null;
  readonly dateFrom?: string | null;
  readonly dateTo?: string | null;
  readonly valueMin?: number | null;
  readonly valueMax?: number | null;
  readonly currency?: string | null;
}

export interface Connection<N> {
  totalCount: number;
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Epoch ms of a process date; a process without one sorts last, as in the gateway. */
const timeOf = (p: Process): number => {
  const ms = Date.parse(p.date);
  return Number.isNaN(ms) ? Number.MIN_SAFE_INTEGER : ms;
};

/** Newest first, ties by ocid: the gateway's order, so that its keyset cursors mean the same here. */
export function newestFirst(processes: Iterable<Process>): Process[] {
  return [...processes].sort((a, b) => timeOf(b) - timeOf(a) || (a.ocid < b.ocid ? -1 : 1));
}

/** Every process of a release listing, compiled and newest first. */
export function processesOf(releases: Iterable<OcdsRelease>): Process[] {
  const byOcid = new Map<string, OcdsRelease[]>();
  for (const r of releases) {
    const list = byOcid.get(r.ocid);
    if (list) list.push(r);
    else byOcid.set(r.ocid, [r]);
  }
  return newestFirst([...byOcid].map(([ocid, list]) => compile(ocid, list)));
}

/**
 * The gateway's cursor for a process (base64url of `["k", epoch ms, ocid]`), so that one workload body
 * pages the same way on every server.
 */
export function cursorOf(p: Process): string {
  return Buffer.from(JSON.stringify(['k', timeOf(p), p.ocid]), 'utf8').toString('base64url');
}

function afterCursor(cursor: string): (p: Process) => boolean {
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || parsed[0] !== 'k' || typeof parsed[1] !== 'number') {
    throw new Error(`Not a cursor: ${cursor}.`);
  }
  const [, sort, key] = parsed as [string, number, string];
  return (p) => timeOf(p) < sort || (timeOf(p) === sort && p.ocid > key);
}

const fold = (name: string): string => name.normalize('NFC').toLocaleLowerCase('mn');
const matches = (org: OcdsOrg | null | undefined, wanted: string): boolean =>
  org != null && (org.id === wanted || fold(org.name ?? '').includes(fold(wanted)));
/** The last millisecond of a date-only bound's day, as the gateway reads `dateTo`. */
const endOf = (bound: string): number =>
  /^\d{4}-\d{2}-\d{2}$/.test(bound) ? Date.parse(bound) + 86_400_000 - 1 : Date.parse(bound);

/** The gateway's filter rules over compiled processes (names: part of the name, case-insensitive). */
export function matchesFilter(p: Process, f: ProcessFilter): boolean {
  const t = p.tender;
  const amount = t?.value?.amount;
  return (
    (f.procurementMethod == null || t?.procurementMethod === f.procurementMethod) &&
    (f.status == null || t?.status === f.status) &&
    (f.dateFrom == null || timeOf(p) >= Date.parse(f.dateFrom)) &&
    (f.dateTo == null || timeOf(p) <= endOf(f.dateTo)) &&
    // A currency without a bound is no value filter, as in the gateway.
    ((f.valueMin == null && f.valueMax == null) || t?.value?.currency === f.currency) &&
    (f.valueMin == null || (amount !== undefined && amount >= f.valueMin)) &&
    (f.valueMax == null || (amount !== undefined && amount <= f.valueMax)) &&
    (f.buyer == null || matches(p.buyer, f.buyer)) &&
    (f.supplier == null ||
      p.awards.some((a) => (a.suppliers ?? []).some((s) => matches(s, f.supplier ?? ''))))
  );
}

/** One page of `processes` (newest first) for `args`, as a Relay connection of `toNode(process)`. */
export function connectionOf<N>(
  processes: readonly Process[],
  args: ListArgs,
  toNode: (p: Process) => N,
): Connection<N> {
  const filter = args.filter ?? {};
  const matching = processes.filter((p) => matchesFilter(p, filter));
  const after = args.after == null ? null : afterCursor(args.after);
  const rest = after === null ? matching : matching.filter(after);
  const first = Math.max(0, Math.min(100, args.first ?? 20));
  const shown = rest.slice(0, first);
  const edges = shown.map((p) => ({ cursor: cursorOf(p), node: toNode(p) }));
  return {
    totalCount: matching.length,
    edges,
    pageInfo: { hasNextPage: rest.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/**
 * The SDL the comparison servers serve: the fields of the warm 50-process query and of the distinct
 * workload (e), with the gateway's list arguments, filter and field names, so that the same request
 * bodies run on all of them. The naive gateway serves only the warm query's fields of it.
 */
/** bench/servers/list.graphql: the list types, shared with Mesh's additions. */
const LIST_SDL = readFileSync(new URL('./list.graphql', import.meta.url), 'utf8');

export const PLAIN_SDL = /* GraphQL */ `
  type Query {
    contractingProcesses(
      filter: ContractingProcessFilter
      first: Int = 20
      after: String
    ): ContractingProcessConnection!
  }
  ${LIST_SDL}
  type ContractingProcess {
    ocid: String!
    date: String
    tender: Tender
    buyer: Organization
    awards: [Award!]!
  }
  type Tender {
    title: String
    status: String
    procurementMethod: String
    value: Value
  }
  type Value {
    amount: Float
    currency: String
  }
  type Organization {
    id: String
    name: String
  }
  type Award {
    status: String
    suppliers: [Organization!]!
  }
`;
