/**
 * (e) distinct: 1,000 different `contractingProcesses` queries (bench/workloads.ts `distinctBodies`), sent
 * in one rotation shared by all connections, so that a body comes again only after the 999 others: what a
 * whole-response cache cannot serve. Every server gets the same bodies; before a server is driven, each
 * body is sent to it once and the answers checked here.
 */
import { drive, post, responseCacheHits, type Row, type Settings } from './drive.js';

/** What sending every body once to a server found. */
export interface Checked {
  /** Bodies answered with another status than 200. */
  readonly non200: number;
  /** Bodies answered 200 with GraphQL errors. */
  readonly withErrors: number;
  /** The first few failures, for the notes. */
  readonly examples: readonly string[];
  /** Per body, what it listed (see `listed`), for comparing servers; `null` for a failure. */
  readonly lists: readonly (string | null)[];
}

/**
 * The processes an answer lists, in order, as comparable text: the edge count, `totalCount` and the
 * ocids wherever the selection has them (aliases included). Servers whose compilations differ (the
 * gateway's OCDS merge, the comparison servers' last value wins) still list the same processes.
 */
export function listed(bytes: Buffer): string | null {
  const answer = JSON.parse(bytes.toString('utf8')) as { data?: Record<string, unknown> | null };
  const connection = Object.values(answer.data ?? {})[0] as
    { totalCount?: number; edges?: { node: Record<string, unknown> }[] } | undefined;
  if (connection === undefined) return null;
  const ocids = (connection.edges ?? []).map(
    (e) => Object.entries(e.node).find(([k]) => /^ocid\d*$/.test(k))?.[1] ?? '?',
  );
  return JSON.stringify([connection.edges?.length ?? null, connection.totalCount ?? null, ocids]);
}

/** Sends every body to `url` once and checks each answer. */
export async function checkBodies(url: string, bodies: readonly string[]): Promise<Checked> {
  let non200 = 0;
  let withErrors = 0;
  const examples: string[] = [];
  const lists: (string | null)[] = [];
  for (const body of bodies) {
    const answer = await post(url, body);
    const failed = answer.status !== 200 || answer.errors > 0;
    if (answer.status !== 200) non200 += 1;
    else if (answer.errors > 0) withErrors += 1;
    if (failed && examples.length < 3) {
      examples.push(
        `HTTP ${answer.status}: ${answer.bytes.toString('utf8').slice(0, 200)} for ${body.slice(0, 200)}`,
      );
    }
    lists.push(failed ? null : listed(answer.bytes));
  }
  return { non200, withErrors, examples, lists };
}

/** How many bodies two servers answered listing other processes (failures on either side left out). */
export function differing(a: Checked, b: Checked): number {
  return a.lists.filter((x, i) => x !== null && b.lists[i] != null && x !== b.lists[i]).length;
}

/** One line for the description: what checking `name` found. */
export function checkedLine(name: string, c: Checked, total: number): string {
  return `- ${name}: ${total - c.non200 - c.withErrors} of ${total} bodies answered HTTP 200 without errors (${c.non200} other status, ${c.withErrors} with GraphQL errors).`;
}

/** A server driven with workload (e). */
export interface DistinctServer {
  readonly name: string;
  readonly url: string;
}

export interface DistinctRun {
  readonly rows: Row[];
  /** Lines for the description of workload (e). */
  readonly description: string[];
}

/**
 * Workload (e) on every server, one after the other: the gateway with its response cache (its hits
 * counted from its metrics during the drive), then each of `others`, the comparison servers after the
 * gateway's own variants; each checked with every body first (and so warmed). `mesh` is the Mesh row,
 * driven with the rest of Mesh's work (bench/mesh.ts), placed before the last server.
 */
export async function runDistinct(options: {
  readonly bodies: readonly string[];
  readonly gateway: DistinctServer;
  readonly others: readonly DistinctServer[];
  readonly mesh: { readonly row: Row | null; readonly description: readonly string[] };
  readonly settings: Settings;
  readonly log: (line: string) => void;
}): Promise<DistinctRun> {
  const { bodies, gateway, others, mesh, settings, log } = options;
  const total = bodies.length;
  const description: string[] = [];
  log(`checking ${total} distinct bodies on ${gateway.name} ...`);
  const reference = await checkBodies(gateway.url, bodies);
  description.push(checkedLine(`${gateway.name} (its warm-up)`, reference, total));
  description.push(...reference.examples.map((e) => `  ${e}`));
  const hitsBefore = await responseCacheHits(gateway.url);
  log(`driving ${gateway.name}, distinct ...`);
  const rows: Row[] = [await drive(gateway.name, gateway.url, bodies, settings, true)];
  const hits = (await responseCacheHits(gateway.url)) - hitsBefore;
  const cachedLine = `Response cache hits during the drive of "${gateway.name}": ${hits} of ${rows[0]?.total ?? 0} responses.`;
  for (const [i, server] of others.entries()) {
    if (i === others.length - 1 && mesh.row !== null) rows.push(mesh.row);
    log(`checking ${total} distinct bodies on ${server.name} ...`);
    const checked = await checkBodies(server.url, bodies);
    description.push(
      `${checkedLine(server.name, checked, total)} Listing other processes than the gateway (edge count, \`totalCount\`, ocids): ${differing(checked, reference)}.`,
    );
    description.push(...checked.examples.map((e) => `  ${e}`));
    log(`driving ${server.name}, distinct ...`);
    rows.push(await drive(server.name, server.url, bodies, settings, true));
  }
  description.push(...mesh.description.map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`)));
  description.push('', cachedLine);
  return { rows, description };
}
