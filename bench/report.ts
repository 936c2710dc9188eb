/** Renders bench/RESULTS.md from the measured rows. */
import type { Answer, ColdLive, ColdStored } from './cold.js';
import type { Row, Settings } from './drive.js';

export interface Table {
  readonly title: string;
  readonly description: string;
  readonly rows: readonly Row[];
  /** Row names of the bare-HTTP limit and plain Apollo (the ratio denominators), when present. */
  readonly bare?: string;
  readonly apollo?: string;
  readonly showP95?: boolean;
}

export interface Environment {
  readonly date: string;
  readonly cores: number;
  readonly node: string;
  readonly settings: Settings;
}

const n = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const ratio = (a: number, b: number | undefined): string =>
  b === undefined || b === 0 ? '–' : `${(a / b).toFixed(3)}×`;

export function table(t: Table): string[] {
  const bare = t.rows.find((r) => r.name === t.bare)?.requests;
  const apollo = t.rows.find((r) => r.name === t.apollo)?.requests;
  return [
    `## ${t.title}`,
    '',
    t.description,
    '',
    `| server | responses | req/s (mean) | p50 ms | ${t.showP95 ? 'p95 ms | ' : ''}p99 ms | non-2xx | errors | vs bare | vs plain Apollo |`,
    `| --- | ---: | ---: | ---: | ${t.showP95 ? '---: | ' : ''}---: | ---: | ---: | ---: | ---: |`,
    ...t.rows.map(
      (r) =>
        `| ${r.name} | ${r.total} | ${n(r.requests)} | ${n(r.p50)} | ${t.showP95 ? `${n(r.p95)} | ` : ''}${n(r.p99)} | ${r.non2xx} | ${r.errors} | ${ratio(r.requests, bare)} | ${ratio(r.requests, apollo)} |`,
    ),
    '',
  ];
}

/** (b): the live cold path (a fresh gateway's first harvest of the feed) and the list from the store. */
export function coldSection(live: ColdLive, stored: ColdStored): string[] {
  const budget = 1.2 * live.levels * live.delayMs;
  const answered = (a: Answer): string =>
    `${n(a.wallMs, 1)} ms (HTTP ${a.status}, ${a.errors} GraphQL errors, ${a.processes} processes, ${a.complete ? 'complete' : 'partial'})`;
  return [
    `## (b) cold: 50-process query, ${live.delayMs} ms injected upstream latency, a fresh gateway on an empty store`,
    '',
    `Not driven by autocannon: a fresh replay server in a process of its own (bench/servers/replay-process.ts),`,
    `delaying every route by ${live.delayMs} ms, its embedded data built before the gateway starts, and a fresh gateway`,
    'with its own empty store. Lists are answered from the store (docs/store.md): the query never walks the',
    'upstream. The live cold path is the first harvest of the feed, which walks the release pages one',
    '`links.next` at a time while every other source is harvested too; it is timed to the first answer of the',
    "query that says it is complete, from the gateway's start and from its listening. The target is held",
    'against the time from its listening: a query can only be sent once the gateway listens.',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| from the gateway's start to its listening (the harvests start first) | ${n(live.listeningMs, 1)} ms |`,
    `| the query sent as soon as the gateway listens | ${answered(live.first)} |`,
    `| from the gateway's start to the first complete answer | ${n(live.completeMs, 1)} ms |`,
    `| **from the gateway's listening to the first complete answer** | **${n(live.completeFromListeningMs, 1)} ms** |`,
    `| that first complete answer | ${answered(live.complete)} |`,
    `| levels (sequential feed pages, counted from the replay log) | ${live.levels} |`,
    `| target 1.2 × levels × ${live.delayMs} ms | ${n(budget, 0)} ms |`,
    `| from listening to the first complete answer / target | ${n(live.completeFromListeningMs / budget, 3)} (${live.completeFromListeningMs <= budget ? 'met' : 'missed'}) |`,
    `| from the start to the first complete answer / target | ${n(live.completeMs / budget, 3)} (${live.completeMs <= budget ? 'met' : 'missed'}) |`,
    '',
    '| upstream path prefix | requests from the start to the first complete answer |',
    '| --- | ---: |',
    ...live.byPrefix.map((p) => `| \`${p.prefix}\` | ${p.requests} |`),
    '',
    'How levels were counted: the feed requests (`/ocds`) in the replay log, sorted by arrival; a request opens a',
    `new level when it arrives at least ${live.delayMs / 2} ms after the first request of the current level (a request`,
    `that had to wait for an earlier answer cannot arrive sooner than the ${live.delayMs} ms delay). The levels:`,
    '',
    "| level | arrived at (ms after the gateway's start) | requests | paths |",
    '| ---: | ---: | ---: | --- |',
    ...live.waves.map((w, i) => `| ${i + 1} | ${n(w.atMs, 1)} | ${w.requests} | ${w.paths} |`),
    '',
    `### (b) cold, store latency: the same query once every harvest completed`,
    '',
    `A fresh replay server (its own process) delaying every route by ${stored.delayMs} ms and a fresh gateway; after \`{ sources { name`,
    `harvest { state complete } } }\` showed every harvest complete and IDLE (${n(stored.harvestedAfterMs / 1000, 1)} s after`,
    'its start) and the register index was built, the query was sent once: its response cache and upstream cache',
    'had never seen it.',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| wall time of the query (store latency) | ${answered(stored.answer)} |`,
    `| upstream requests during the query | ${stored.byPrefix.reduce((sum, p) => sum + p.requests, 0)} |`,
    ...stored.byPrefix.map((p) => `| of which \`${p.prefix}\` | ${p.requests} |`),
    '',
  ];
}

/** One target: `measured` against `goal`, both ratios (1 = 100 %). */
export interface Target {
  readonly what: string;
  readonly measured: number;
  readonly goal: number;
  /** Shown as a percentage rather than as a multiple. */
  readonly percent?: boolean;
}

/** The targets, each computed from rows of this run and said met or missed. */
export function targetsSection(targets: readonly Target[], description: string): string[] {
  const show = (x: number, percent = false): string => (percent ? `${n(100 * x, 1)} %` : `${n(x, 3)}×`);
  return [
    '## Targets',
    '',
    description,
    '',
    '| target | goal | measured | |',
    '| --- | ---: | ---: | --- |',
    ...targets.map(
      (t) =>
        `| ${t.what} | ≥ ${show(t.goal, t.percent)} | ${show(t.measured, t.percent)} | ${Number.isNaN(t.measured) ? 'not measured' : t.measured >= t.goal ? 'met' : 'missed'} |`,
    ),
    '',
  ];
}

export function render(env: Environment, sections: readonly string[][], notes: readonly string[]): string {
  return [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` (\`bench/run.ts\`) on ${env.date}, ${env.cores} cores, Node ${env.node}.`,
    `autocannon on loopback in a process of its own, ${env.settings.connections} connections, ${env.settings.seconds} s per server and workload;`,
    'the servers of (a), (c), (d) and (e) run in the bench process and are measured one after the other in the same run over the same replay upstream (rate limit off); (b) and Scale start their own processes.',
    'Latencies are computed from every response time autocannon reported; "errors" are socket errors and timeouts.',
    '',
    ...sections.flat(),
    '## Notes',
    '',
    ...notes,
    '',
  ].join('\n');
}
