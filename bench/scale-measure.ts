/**
 * What the scale workload asks the gateway: the harvest status of the procurement source, and the list,
 * filter and facet queries whose latency it measures (sequential requests, varied arguments, p50/p95 from
 * the samples). Used by bench/scale.ts.
 */
import { SCALE_BUYERS, buyerRegisterNumber, type ScaleFeed } from '../src/replay/index.js';
import { quantile } from './drive.js';
import { gql, sleep, type Answer, type GatewayProcess } from './scale-process.js';

/** `SourceStatus.harvest` as the gateway reports it. */
export interface HarvestView {
  readonly state: string;
  readonly complete: boolean;
  readonly pages: number;
  readonly records: number;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly confirmedAt: string | null;
  readonly lastError: string | null;
}

const SOURCES_QUERY =
  '{ sources { name harvest { state complete pages records startedAt completedAt confirmedAt lastError } } }';

/** The procurement harvest; `unsupported` when the gateway has no `SourceStatus.harvest` (walks the feed). */
export type HarvestPoll =
  | { readonly kind: 'status'; readonly harvest: HarvestView | null }
  | { readonly kind: 'unsupported' | 'unreachable'; readonly reason: string };

export async function pollHarvest(endpoint: string): Promise<HarvestPoll> {
  const answer = await gql(endpoint, SOURCES_QUERY, {}, 10_000);
  const reason = answer.errors[0]?.message ?? '';
  if (answer.status === 0) return { kind: 'unreachable', reason };
  if (/Cannot query field "harvest"|Cannot query field "(\w+)" on type "Harvest"/.test(reason)) {
    return { kind: 'unsupported', reason };
  }
  const sources = (answer.data?.['sources'] ?? []) as { name: string; harvest: HarvestView | null }[];
  const procurement = sources.find((s) => s.name === 'PROCUREMENT');
  if (procurement === undefined)
    return { kind: 'unreachable', reason: reason || 'no PROCUREMENT in sources' };
  return { kind: 'status', harvest: procurement.harvest };
}

/** How waiting for a complete harvest ended. */
export interface HarvestWait {
  readonly outcome: 'complete' | 'timeout' | 'store-full' | 'off' | 'unsupported' | 'exited';
  readonly last: HarvestView | null;
  readonly reason: string | null;
  /** Wall time from `since` to the poll that saw the harvest complete (or gave up). */
  readonly elapsedMs: number;
  /** Failures seen on the way (state FAILED), with their message. */
  readonly failures: readonly string[];
}

/**
 * Polls every 500 ms until the procurement harvest is complete, the gateway exits or `deadline` (epoch ms)
 * passes; calls `onPoll` on every poll before completion, so the caller can ask something mid-harvest.
 */
export async function waitForHarvest(
  gateway: Pick<GatewayProcess, 'endpoint' | 'alive' | 'stderrTail'>,
  since: number,
  deadline: number,
  onPoll?: (harvest: HarvestView) => Promise<void>,
): Promise<HarvestWait> {
  const { endpoint } = gateway;
  const failures: string[] = [];
  let last: HarvestView | null = null;
  const end = (outcome: HarvestWait['outcome'], reason: string | null): HarvestWait => ({
    outcome,
    last,
    reason,
    elapsedMs: Date.now() - since,
    failures,
  });
  for (;;) {
    const poll = await pollHarvest(endpoint);
    if (poll.kind === 'unsupported') return end('unsupported', poll.reason);
    if (poll.kind === 'status') {
      last = poll.harvest;
      if (last === null || last.state === 'OFF') return end('off', 'the procurement source is not harvested');
      if (last.state === 'FAILED' && last.lastError !== null && failures.at(-1) !== last.lastError) {
        failures.push(last.lastError);
      }
      if (last.complete) return end('complete', null);
      if (last.state === 'STORE_FULL') return end('store-full', last.lastError);
      await onPoll?.(last);
    }
    if (!gateway.alive()) return end('exited', `the gateway exited: ${gateway.stderrTail()}`);
    if (Date.now() > deadline) {
      return end(
        'timeout',
        `gave up after ${Math.round((Date.now() - since) / 1000)} s (BENCH_SCALE_TIMEOUT_MS)`,
      );
    }
    await sleep(500);
  }
}

/** One measured query shape. */
export interface Shape {
  readonly name: string;
  /** Sends sample `i` (anything unmeasured it needs first included) and returns the measured answer. */
  measure(endpoint: string, i: number): Promise<Answer>;
}

/** Latency figures of one shape. */
export interface LatencyRow {
  readonly name: string;
  readonly samples: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** `totalCount` of the first answer, when the shape asks for it. */
  readonly total: number | null;
}

const NODE =
  'edges { cursor node { ocid date tender { status procurementMethod value { amount currency } } } }';
const LIST = `${NODE} pageInfo { hasNextPage endCursor }`;
const PROCESSES = `query($filter: ContractingProcessFilter, $first: Int, $after: String) {
  contractingProcesses(filter: $filter, first: $first, after: $after) { ${LIST} } }`;
const TOTAL = `query($filter: ContractingProcessFilter) { contractingProcesses(filter: $filter, first: 1) { totalCount } }`;
const BUYER = `query($rn: String!) { organization(registerNumber: $rn) {
  procurement { asBuyer(first: 5) { totalCount edges { node { ocid } } } } } }`;

const STATUSES = ['planning', 'active', 'complete', 'cancelled', 'unsuccessful'];
const METHODS = ['open', 'selective', 'limited', 'direct'];

/** A fixed pseudo-random number in [0, 1) for sample i, so every run asks the same things. */
const vary = (i: number, salt: number): number =>
  ((Math.imul(i + 1, 2654435761) ^ Math.imul(salt, 40503)) >>> 0) / 2 ** 32;

/** The filters the shapes rotate through, over the feed's dates and values. */
export function filters(feed: ScaleFeed): Record<string, (i: number) => Record<string, unknown>> {
  const n = Math.max(1, feed.releases);
  return {
    none: () => ({}),
    status: (i) => ({ status: STATUSES[i % STATUSES.length] }),
    procurementMethod: (i) => ({ procurementMethod: METHODS[i % METHODS.length] }),
    window: (i) => {
      // A window of a twentieth of the feed's time span, anywhere in it.
      const from = Math.floor(vary(i, 1) * n);
      return { dateFrom: feed.date(from), dateTo: feed.date(Math.min(n - 1, from + Math.ceil(n / 20))) };
    },
    value: (i) => {
      const min = Math.round(10 ** (6 + 3 * vary(i, 2)));
      return { valueMin: min, valueMax: min * 4, currency: 'MNT' };
    },
  };
}

/** The measured shapes: list, each filter, a second page, the buyer facet, and `totalCount` alone. */
export function shapes(feed: ScaleFeed): Shape[] {
  const f = filters(feed);
  const list = (name: string, filter: (i: number) => Record<string, unknown>): Shape => ({
    name,
    measure: (endpoint, i) => gql(endpoint, PROCESSES, { filter: filter(i), first: 5 + (i % 46) }),
  });
  const rotation = Object.values(f);
  return [
    list('list, no filter, newest first (`first` 5–50)', () => ({})),
    list('filter `status`', f['status'] ?? (() => ({}))),
    list('filter `procurementMethod`', f['procurementMethod'] ?? (() => ({}))),
    list('filter `dateFrom`/`dateTo` (a 5 % window)', f['window'] ?? (() => ({}))),
    list('filter `valueMin`/`valueMax`, MNT', f['value'] ?? (() => ({}))),
    {
      name: 'second page (`after: endCursor`, filters rotated)',
      measure: async (endpoint, i) => {
        const filter = rotation[i % rotation.length]?.(i) ?? {};
        const first = await gql(endpoint, PROCESSES, { filter, first: 20 });
        const page = first.data?.['contractingProcesses'] as
          { pageInfo?: { endCursor?: string } } | undefined;
        const after = page?.pageInfo?.endCursor;
        if (after === undefined) return first;
        return gql(endpoint, PROCESSES, { filter, first: 20, after });
      },
    },
    {
      name: '`organization(registerNumber:) { procurement { asBuyer(first: 5) { totalCount … } } }`',
      measure: (endpoint, i) => gql(endpoint, BUYER, { rn: buyerRegisterNumber(i % SCALE_BUYERS) }),
    },
    {
      name: '`totalCount` alone (filters rotated)',
      measure: (endpoint, i) => gql(endpoint, TOTAL, { filter: rotation[i % rotation.length]?.(i) ?? {} }),
    },
  ];
}

function totalOf(answer: Answer): number | null {
  const find = (value: unknown): number | null => {
    if (typeof value !== 'object' || value === null) return null;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'totalCount' && typeof inner === 'number') return inner;
      const found = find(inner);
      if (found !== null) return found;
    }
    return null;
  };
  return find(answer.data);
}

/**
 * Sends `samples` requests of each shape one after the other (after 5 unmeasured warm-up requests), each
 * shape stopping early when its `budgetMs` runs out.
 */
export async function measureShapes(
  endpoint: string,
  list: readonly Shape[],
  samples: number,
  budgetMs: number,
  log: (line: string) => void,
): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const shape of list) {
    for (let w = 0; w < 5; w++) await shape.measure(endpoint, samples + w);
    const times: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    let total: number | null = null;
    const stopAt = Date.now() + budgetMs;
    for (let i = 0; i < samples && Date.now() < stopAt; i++) {
      const answer = await shape.measure(endpoint, i);
      times.push(answer.ms);
      if (i === 0) total = totalOf(answer);
      if (answer.status !== 200 || answer.errors.length > 0) {
        errors += 1;
        firstError ??= `HTTP ${answer.status}: ${answer.errors[0]?.message ?? ''}`.slice(0, 200);
      }
    }
    const row: LatencyRow = {
      name: shape.name,
      samples: times.length,
      errors,
      firstError,
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      max: Math.max(...times),
      total,
    };
    log(`  ${row.name}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, ${errors} errors`);
    rows.push(row);
  }
  return rows;
}
