/**
 * (b) cold: the 50-process query against a fresh replay server delaying every route by `delayMs`, in a
 * process of its own (bench/servers/replay-process.ts: a real upstream is another machine, so its CPU is
 * not the gateway's), and a fresh gateway on an empty store. Lists are answered from the store, never by a walk of the upstream
 * in the query (docs/store.md), so the cold path has two figures:
 *
 * - live: the feed's first harvest, which walks the release pages one `links.next` at a time. Its levels
 *   are the sequential upstream round trips counted from the replay log, and its time runs to the first
 *   complete answer of the query, from the gateway's start and from its listening (the figure held
 *   against the target: a query can only be sent once the gateway listens); the query sent as soon as
 *   the gateway listens is answered at once with what is stored so far, and says it is partial;
 * - from the store: once every harvest completed, the same query on a gateway whose response and upstream
 *   caches never saw it, with the upstream requests made meanwhile (none expected): store latency.
 *
 * `npm run bench -- cold` runs these alone and replaces the (b) section of bench/RESULTS.md in place.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startGateway, type RunningGateway } from '../src/server.js';
import { replayEnv, removeDataDir } from '../tests/helpers.js';
import { coldSection } from './report.js';
import type { LoggedRequest, ReplayAnswer, ReplayOp, ReplayReply } from './servers/replay-process.js';
import { WARM_BODY } from './workloads.js';

/** No per-client limit and no logging, as the other sections run the gateway. */
const BASE_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' };

/** What a harvest status query answers, to wait for every harvest to complete. */
const SOURCES_BODY = JSON.stringify({ query: '{ sources { name harvest { state complete } } }' });

/** Longest wait for the first harvests (the EITI API's 2,000 requests at the injected delay). */
const HARVEST_WAIT_MS = 300_000;

export interface Answer {
  readonly wallMs: number;
  readonly status: number;
  readonly errors: number;
  /** Processes in the answer, and whether its freshness says the list is complete. */
  readonly processes: number;
  readonly complete: boolean;
}

export interface ColdLive {
  readonly delayMs: number;
  /** The query sent as soon as the gateway listens. */
  readonly first: Answer;
  /** From the gateway's start to its listening (store, schema, GraphiQL assets; the harvests start first). */
  readonly listeningMs: number;
  /** From the gateway's start to the first complete answer (the feed's first harvest, then the query). */
  readonly completeMs: number;
  /**
   * From the gateway's listening to the first complete answer: the figure held against the target, since
   * a query can only be sent once the gateway listens.
   */
  readonly completeFromListeningMs: number;
  /** The first complete answer itself. */
  readonly complete: Answer;
  readonly levels: number;
  readonly waves: readonly { atMs: number; requests: number; paths: string }[];
  /** Requests of each upstream path prefix from the start to the first complete answer. */
  readonly byPrefix: readonly { prefix: string; requests: number }[];
}

export interface ColdStored {
  readonly delayMs: number;
  readonly answer: Answer;
  /** Requests of each upstream path prefix while the query ran (the list: none). */
  readonly byPrefix: readonly { prefix: string; requests: number }[];
  /** How long the first harvests took, for the record. */
  readonly harvestedAfterMs: number;
}

async function ask(url: string, body: string): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  const wallMs = performance.now() - started;
  let json: {
    errors?: unknown[];
    data?: { contractingProcesses?: { edges?: unknown[] } };
    extensions?: { freshness?: { sources?: { source: string; harvest?: { complete?: boolean } | null }[] } };
  } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = { errors: [text] };
  }
  const harvest = json.extensions?.freshness?.sources?.find((s) => s.source === 'PROCUREMENT')?.harvest;
  return {
    wallMs,
    status: res.status,
    errors: (json.errors ?? []).length,
    processes: json.data?.contractingProcesses?.edges?.length ?? 0,
    complete: harvest?.complete === true,
  };
}

const prefixOf = (path: string): string => `/${path.split('/')[1] ?? ''}`;

function byPrefix(requests: readonly LoggedRequest[]): { prefix: string; requests: number }[] {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(prefixOf(r.path), (counts.get(prefixOf(r.path)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([prefix, n]) => ({ prefix, requests: n }));
}

/** The replay server in its own process (bench/servers/replay-process.ts), driven over IPC. */
interface ReplayProcess {
  readonly url: string;
  /** Every request logged since the log was last cleared, in arrival order. */
  requests(): Promise<readonly LoggedRequest[]>;
  close(): Promise<void>;
}

/**
 * A fresh replay server in a process of its own, delaying every route by `delayMs`, its embedded data
 * built before the gateway starts: a real upstream is another machine, so the gateway is measured alone.
 */
async function delayingReplay(delayMs: number): Promise<ReplayProcess> {
  const child = fork(fileURLToPath(new URL('./servers/replay-process.ts', import.meta.url)), [], {
    // `--import tsx` resolves from the working directory: the project's, whatever the caller's.
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (reply: ReplayAnswer) => void>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the replay process exited (${code}) before it listened`)));
    child.on('message', (reply: ReplayReply) => {
      if ('ready' in reply) resolve(reply.ready);
      else waiting.get(reply.id)?.(reply);
    });
  });
  const call = (command: ReplayOp): Promise<ReplayAnswer> => {
    const id = (next += 1);
    return new Promise((resolve, reject) => {
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error === undefined) resolve(reply);
        else reject(new Error(`the replay process failed: ${reply.error}`));
      });
      child.send({ ...command, id });
    });
  };
  // A process that ends fails every call still waiting for its reply (a crash must not hang the bench).
  child.on('exit', (code) => {
    for (const [id, settle] of waiting) settle({ id, error: `the replay process exited (${code})` });
  });
  await call({ op: 'clear' });
  await call({ op: 'delay', ms: delayMs });
  return {
    url,
    requests: async () => (await call({ op: 'log' })).requests ?? [],
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call({ op: 'close' });
      await exited;
    },
  };
}

/** When the gateway was started and when it listened (`performance.now()`), and the start's epoch ms. */
interface Started {
  readonly at: number;
  readonly perf: number;
  readonly listeningPerf: number;
}

/** Runs `run` on a fresh gateway over `replay` (its own store). */
async function withGateway<T>(
  replay: ReplayProcess,
  run: (gateway: RunningGateway, start: Started) => Promise<T>,
): Promise<T> {
  const env: Record<string, string> = { ...BASE_ENV, ...replayEnv(replay) };
  const at = Date.now();
  const perf = performance.now();
  try {
    const gateway = await startGateway({ env });
    const start = { at, perf, listeningPerf: performance.now() };
    try {
      return await run(gateway, start);
    } finally {
      await gateway.close();
    }
  } finally {
    await replay.close();
    removeDataDir(env['DATA_DIR']);
  }
}

/**
 * Levels of a walk: requests sorted by arrival, a new level when one arrives at least half the delay after
 * the first of the current level (one that waited for an earlier answer cannot arrive sooner).
 */
function levelsOf(requests: readonly LoggedRequest[], from: number, delayMs: number) {
  const waves: { atMs: number; requests: number; paths: Set<string> }[] = [];
  for (const r of [...requests].sort((a, b) => a.at - b.at)) {
    const last = waves.at(-1);
    const atMs = r.at - from;
    const path = `${r.path.replace(/\/[^/]*\d[^/]*$/, '/{id}')}${r.query ? '?…' : ''}`;
    if (last && atMs - last.atMs < delayMs / 2) {
      last.requests += 1;
      last.paths.add(path);
    } else waves.push({ atMs, requests: 1, paths: new Set([path]) });
  }
  return waves.map((w) => ({ atMs: w.atMs, requests: w.requests, paths: [...w.paths].join(', ') }));
}

/** The live cold path: a fresh gateway on an empty store, from its start to the first complete answer. */
export async function coldLive(delayMs: number): Promise<ColdLive> {
  const replay = await delayingReplay(delayMs);
  return withGateway(replay, async (gateway, start) => {
    const first = await ask(gateway.url, WARM_BODY);
    await gateway.gateway.harvests.complete('PROCUREMENT');
    const complete = await ask(gateway.url, WARM_BODY);
    const ended = performance.now();
    const endedAt = Date.now();
    const during = (await replay.requests()).filter((r) => r.at <= endedAt);
    const waves = levelsOf(
      during.filter((r) => prefixOf(r.path) === '/ocds'),
      start.at,
      delayMs,
    );
    return {
      delayMs,
      first,
      listeningMs: start.listeningPerf - start.perf,
      completeMs: ended - start.perf,
      completeFromListeningMs: ended - start.listeningPerf,
      complete,
      levels: waves.length,
      waves,
      byPrefix: byPrefix(during),
    };
  });
}

/** The cold list query once every harvest completed: served from the store. */
export async function coldStored(delayMs: number): Promise<ColdStored> {
  const replay = await delayingReplay(delayMs);
  return withGateway(replay, async (gateway) => {
    const started = performance.now();
    const deadline = started + HARVEST_WAIT_MS;
    for (;;) {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: SOURCES_BODY,
      });
      const json = (await res.json()) as {
        data?: { sources?: { name: string; harvest: { state: string; complete: boolean } | null }[] };
      };
      const sources = json.data?.sources ?? [];
      if (
        sources.length > 0 &&
        sources.every((s) => s.harvest?.complete === true && s.harvest.state === 'IDLE')
      )
        break;
      if (performance.now() > deadline)
        throw new Error(`The first harvests did not all complete within ${HARVEST_WAIT_MS / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const harvestedAfterMs = performance.now() - started;
    // The register index is rebuilt from the store after its harvest: not part of a list query.
    await gateway.gateway.plane.registry.ready();
    const sentAt = Date.now();
    const answer = await ask(gateway.url, WARM_BODY);
    const endedAt = Date.now();
    return {
      delayMs,
      answer,
      byPrefix: byPrefix((await replay.requests()).filter((r) => r.at >= sentAt && r.at <= endedAt)),
      harvestedAfterMs,
    };
  });
}

/** The notes of section (b), from CPU profiles (`node --cpu-prof`), event-loop lag and the replay log. */
export const COLD_NOTES = [
  '- Cold (b): lists are answered from the store, so the query itself makes no upstream request for the',
  '  list; sent as soon as a fresh gateway listens, it is answered at once with what is stored (nothing yet)',
  '  and says it is partial. The levels are the pages of the release feed, walked by the first harvest one',
  '  `links.next` at a time (the next page asked for as soon as a page is read). Each level is one request.',
  '  The replay server runs in a process of its own, as a real upstream would.',
  '- Cold (b) against its target: two things held each level for 200-600 ms (4.1-4.3 s from listening',
  '  with the replay out of process). Every embedded source is on one loopback origin, and bulk downloads',
  "  shared one pool of two connections per origin: the register's dump held one for its whole pass and the",
  "  feed's pages queued behind the EITI harvest's requests for the other; bulk pools are now per source.",
  "  And the register's pass held the event loop for 70-650 ms at a time (parsing its dump, comparing and",
  '  writing 5,000 records in one chain of settled promises); it now gives the loop a turn every 10 ms',
  '  (src/sync/slices.ts), its own pass as fast as before (6.5-6.7 s alone). The figures left: each level',
  "  still waits behind the other harvests' work on the one event loop (the EITI responses' decoding, the",
  "  feed's own writes, 60-250 ms blocks), and the feed's last batch (its 1,000 releases compiled and",
  '  written after the last page) and the start (schema, GraphiQL assets) come on top; with no other source',
  '  harvested the walk takes 1.1-1.4 s from listening. The rebuild of the register index after its pass',
  '  reads the store in slices, then builds the name search in one task of about 1.5 s.',
];

const HEADING = '## (b) cold';

/**
 * Replaces the (b) sections of a RESULTS.md text (from the first "## (b) cold" heading to the next other
 * "## " heading; added before section (c) or "Notes" when there is none) and its "- Cold (b)" notes.
 */
export function withColdSection(markdown: string, section: readonly string[]): string {
  const lines = markdown.split('\n');
  const heading = (l: string) => l.startsWith('## ');
  let start = lines.findIndex((l) => l.startsWith(HEADING));
  let end = start;
  if (start < 0) {
    const before = lines.findIndex((l) => l.startsWith('## (c)') || l === '## Notes');
    start = end = before < 0 ? lines.length : before;
  } else {
    end = start + 1;
    while (end < lines.length && !(heading(lines[end] ?? '') && !(lines[end] ?? '').startsWith(HEADING)))
      end += 1;
  }
  const replaced = [...lines.slice(0, start), ...section, ...lines.slice(end)];
  // Each "- Cold (b)" note with its indented lines goes; the new notes take the place of the first.
  const out: string[] = [];
  let notesAt = -1;
  for (let i = 0; i < replaced.length; i += 1) {
    if (!(replaced[i] ?? '').startsWith('- Cold (b)')) {
      out.push(replaced[i] ?? '');
      continue;
    }
    if (notesAt < 0) notesAt = out.length;
    while ((replaced[i + 1] ?? '').startsWith('  ')) i += 1;
  }
  if (notesAt >= 0) out.splice(notesAt, 0, ...COLD_NOTES);
  return out.join('\n');
}

/** `npm run bench -- cold`: section (b) alone, replaced in `results` in place. */
export async function updateColdSection(results: URL, delayMs: number): Promise<string[]> {
  const section = coldSection(await coldLive(delayMs), await coldStored(delayMs));
  const markdown = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
  writeFileSync(results, withColdSection(markdown, section));
  return section;
}
