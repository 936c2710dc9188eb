/**
 * `npm run bench`: the gateway against its comparison servers, side by side in one run, on loopback,
 * bounded in time. Starts the replay server (rate limit off), the gateway over it, the bare-HTTP limit,
 * plain Apollo Server 5 over the same data in memory, a naive per-field-fetching gateway and GraphQL
 * Mesh + Hive Gateway (bench/mesh.ts, installed into bench/mesh on demand); drives
 * the warm, search and mixed workloads with autocannon; measures the cold query once with injected
 * upstream latency; writes bench/RESULTS.md. Settings: BENCH_SECONDS (default 5), BENCH_CONNECTIONS
 * (default 32), BENCH_COLD_DELAY_MS (default 50).
 *
 * The memory workload (bench/memory.ts, its own settings there) runs last. `npm run bench -- memory` runs
 * it alone and replaces the Memory section of bench/RESULTS.md in place; BENCH_MEMORY=0 skips it and
 * keeps the Memory section of the previous results.
 *
 * The scale workload (bench/scale.ts, its own settings there) runs only as `npm run bench -- scale`, which
 * replaces the Scale section of bench/RESULTS.md in place; a full run keeps the previous one.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { startReplayServer } from '../src/replay/index.js';
import { startGateway } from '../src/server.js';
import { replayEnv } from '../tests/helpers.js';
import { drive, type Settings } from './drive.js';
import { driveMesh } from './mesh.js';
import { memorySection, previousMemorySection, runMemory, updateMemorySection } from './memory.js';
import { updateScaleSection } from './scale.js';
import { previousScaleSection } from './scale-report.js';
import { coldSection, render, table, type Cold } from './report.js';
import { startApolloPlain } from './servers/apollo-plain.js';
import { startBareServer } from './servers/bare.js';
import { startNaive } from './servers/naive.js';
import { SEARCH_BODIES, WARM_BODY, exampleBodies } from './workloads.js';

const settings: Settings = {
  seconds: Number(process.env['BENCH_SECONDS'] ?? 5),
  connections: Number(process.env['BENCH_CONNECTIONS'] ?? 32),
};
const coldDelayMs = Number(process.env['BENCH_COLD_DELAY_MS'] ?? 50);
// No per-client limit: every benchmark client is one loopback address, far over the default 600 a minute.
const BASE_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' };
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const RESULTS = new URL('./RESULTS.md', import.meta.url);
const selected = process.argv.slice(2);
if (selected.some((w) => w !== 'memory' && w !== 'scale')) {
  throw new Error(`Unknown workload in "${selected.join(' ')}": only "memory" and "scale" can be run alone.`);
}
if (selected.includes('memory')) {
  process.stdout.write(`${(await updateMemorySection(RESULTS, log)).join('\n')}\n`);
}
if (selected.includes('scale')) {
  process.stdout.write(`${(await updateScaleSection(RESULTS, log)).join('\n')}\n`);
}
if (selected.length > 0) process.exit(0);

async function post(url: string, body: string): Promise<{ status: number; bytes: Buffer; errors: number }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  let errors = 0;
  try {
    errors = ((JSON.parse(bytes.toString('utf8')) as { errors?: unknown[] }).errors ?? []).length;
  } catch {
    errors = 1;
  }
  return { status: res.status, bytes, errors };
}

/** (b): a fresh replay delaying every route and a fresh gateway; the warm query sent once. */
async function cold(afterRegisterWarmUp: boolean): Promise<Cold> {
  const replay = await startReplayServer({ rateLimit: false });
  replay.faults.set('/', { kind: 'delay', ms: coldDelayMs });
  const gateway = await startGateway({ env: { ...BASE_ENV, ...replayEnv(replay) } });
  try {
    // The register search touches the registry source only: the procurement caches stay empty.
    if (afterRegisterWarmUp) await post(`${gateway.url}/graphql`, SEARCH_BODIES[0] ?? '');
    const sentAt = Date.now();
    const started = performance.now();
    const answer = await post(`${gateway.url}/graphql`, WARM_BODY);
    const wallMs = performance.now() - started;
    const endedAt = Date.now();
    const prefix = (path: string): string => `/${path.split('/')[1] ?? ''}`;
    const during = replay.requests.filter((r) => r.at >= sentAt && r.at <= endedAt);
    const startup = replay.requests.filter((r) => r.at < sentAt);
    const prefixes = [...new Set(replay.requests.map((r) => prefix(r.path)))].sort();
    const waves: { atMs: number; requests: number; paths: Set<string> }[] = [];
    for (const r of [...during].sort((a, b) => a.at - b.at)) {
      const last = waves.at(-1);
      const atMs = r.at - sentAt;
      const path = `${r.path.replace(/\/[^/]*\d[^/]*$/, '/{id}')}${r.query ? '?…' : ''}`;
      if (last && atMs - last.atMs < coldDelayMs / 2) {
        last.requests += 1;
        last.paths.add(path);
      } else waves.push({ atMs, requests: 1, paths: new Set([path]) });
    }
    return {
      delayMs: coldDelayMs,
      wallMs,
      levels: waves.length,
      byPrefix: prefixes.map((p) => ({
        prefix: p,
        during: during.filter((r) => prefix(r.path) === p).length,
        startup: startup.filter((r) => prefix(r.path) === p).length,
      })),
      waves: waves.map((w) => ({ atMs: w.atMs, requests: w.requests, paths: [...w.paths].join(', ') })),
      status: answer.status,
      errors: answer.errors,
    };
  } finally {
    await gateway.close();
    await replay.close();
  }
}

const replay = await startReplayServer({ rateLimit: false });
const gateway = await startGateway({ env: { ...BASE_ENV, ...replayEnv(replay) } });
const endpoint = `${gateway.url}/graphql`;

// Warm-up: every body once through the gateway (twice, so the second answer is from the caches); the
// register index must be built before search is measured.
const examples = exampleBodies();
const recorded = new Map<string, Buffer>();
const notes: string[] = [];
for (const body of [WARM_BODY, ...SEARCH_BODIES, ...examples.map((e) => e.body)]) {
  await post(endpoint, body);
  const again = await post(endpoint, body);
  if (again.status !== 200) throw new Error(`warm-up failed with HTTP ${again.status}: ${body.slice(0, 80)}`);
  recorded.set(body, again.bytes);
  if (again.errors > 0) {
    const file = examples.find((e) => e.body === body)?.file ?? body.slice(0, 60);
    notes.push(`- Warm-up: \`${file}\` answered with ${again.errors} GraphQL error(s) (HTTP 200).`);
  }
}
const warmBytes = recorded.get(WARM_BODY)?.length ?? 0;
log(`gateway warm (${warmBytes} bytes for the 50-process query)`);

// The same gateway with the whole-response cache off: every request parses, validates and executes
// (its upstream caches are warmed the same way), to show the execution path apart from the cache.
const executing = await startGateway({
  env: { ...BASE_ENV, ...replayEnv(replay), RESPONSE_CACHE_MAX_BYTES: '0' },
});
const executingEndpoint = `${executing.url}/graphql`;
for (const body of [WARM_BODY, ...SEARCH_BODIES, ...examples.map((e) => e.body)]) {
  await post(executingEndpoint, body);
  await post(executingEndpoint, body);
}
const EXECUTING = 'gateway, response cache off (every request executes)';

const bare = await startBareServer(recorded);
const apollo = await startApolloPlain(replay.url);
const naive = await startNaive(replay.url);
const apolloBytes = (await post(apollo.url, WARM_BODY)).bytes.length;
const naiveAnswer = await post(naive.url, WARM_BODY);
replay.clearLog();
await post(naive.url, WARM_BODY);
const naiveUpstream = replay.countRequests();

const BARE = 'bare node:http, same bytes';
const APOLLO = 'plain Apollo Server 5, data in memory';
const GATEWAY = 'gateway';
const run = async (name: string, url: string, bodies: readonly string[]) => {
  log(`driving ${name} ...`);
  return drive(name, url, bodies, settings);
};

const warmRows = [
  await run(BARE, bare.url, [WARM_BODY]),
  await run(`${GATEWAY}, warm cache`, endpoint, [WARM_BODY]),
  await run(APOLLO, apollo.url, [WARM_BODY]),
  await run(EXECUTING, executingEndpoint, [WARM_BODY]),
  await run('naive gateway (per-field upstream calls, no cache)', naive.url, [WARM_BODY]),
];
const mesh = await driveMesh(replay, apollo.url, settings, log);
warmRows.push(...mesh.rows);
const searchRows = [
  await run(BARE, bare.url, SEARCH_BODIES),
  await run(GATEWAY, endpoint, SEARCH_BODIES),
  await drive(`${GATEWAY}, 1 connection (no queueing)`, endpoint, SEARCH_BODIES, {
    ...settings,
    connections: 1,
  }),
  await run(EXECUTING, executingEndpoint, SEARCH_BODIES),
  await drive(`${EXECUTING}, 1 connection`, executingEndpoint, SEARCH_BODIES, {
    ...settings,
    connections: 1,
  }),
];
const mixedBodies = examples.map((e) => e.body);
const mixedRows = [
  await run(BARE, bare.url, mixedBodies),
  await run(GATEWAY, endpoint, mixedBodies),
  await run(EXECUTING, executingEndpoint, mixedBodies),
];
await bare.close();
await apollo.close();
await naive.close();
await gateway.close();
await executing.close();
await replay.close();
log('cold ...');
const coldResult = await cold(false);
const coldAfterWarmUp = await cold(true);
const memory =
  process.env['BENCH_MEMORY'] === '0' ? previousMemorySection(RESULTS) : memorySection(await runMemory(log));

const previousScale = previousScaleSection(RESULTS);
const warmGateway = warmRows[1];
const gatewaySearch = searchRows[1];
const searchAlone = searchRows[2];
const searchExecuting = searchRows[3];
const searchExecutingAlone = searchRows[4];
const warmExecuting = warmRows[3];
const sections = [
  table({
    title: '(a) warm: 50-process cross-source query, everything cached',
    description: [
      `Response sizes: gateway ${warmBytes} bytes (the bare server sends the same bytes); plain Apollo`,
      `${apolloBytes} bytes and naive ${naiveAnswer.bytes.length} bytes (same fields, no \`freshness\`/provenance`,
      'work and a simpler compilation). The naive gateway makes',
      `${naiveUpstream} upstream requests per query (release pages, and one record fetch per field per process).`,
      warmGateway
        ? `Targets: gateway ≥ 3× plain Apollo, ≥ 50 % of bare HTTP; measured ${(warmGateway.requests / (warmRows[2]?.requests ?? Number.NaN)).toFixed(3)}× and ${((100 * warmGateway.requests) / (warmRows[0]?.requests ?? Number.NaN)).toFixed(1)} %.`
        : '',
      warmExecuting
        ? `With the response cache off (every request parsed, validated and executed over the cached upstream data) the gateway is ${(warmExecuting.requests / (warmRows[2]?.requests ?? Number.NaN)).toFixed(3)}× plain Apollo.`
        : '',
      ...mesh.description,
    ].join('\n'),
    rows: warmRows,
    bare: BARE,
    apollo: APOLLO,
  }),
  coldSection(coldResult, 'sent as soon as the gateway listens, while it builds the register index'),
  coldSection(
    coldAfterWarmUp,
    'sent after the register index was built (one search first; procurement caches still empty)',
  ),
  table({
    title: '(c) search over the full register index',
    description: [
      `\`organizations(search:, first: 20)\` rotating ${SEARCH_BODIES.length} fixed queries (Cyrillic, Latin, a`,
      'legal form, one with no hit); end-to-end latency from autocannon. Target: gateway p95 < 20 ms;',
      gatewaySearch && searchAlone
        ? `measured p95 ${gatewaySearch.p95.toFixed(0)} ms at ${settings.connections} connections and ${searchAlone.p95.toFixed(0)} ms with 1 connection, both answered`
        : '',
      searchExecuting
        ? `from the response cache (12 repeated queries); with the response cache off, every search runs: p95 ${searchExecuting.p95.toFixed(0)} ms at ${settings.connections} connections (queueing behind each other on one event loop)`
        : '',
      searchExecutingAlone ? `and ${searchExecutingAlone.p95.toFixed(0)} ms with 1 connection.` : '',
      'The in-process search alone is in bench/SEARCH.md.',
    ].join('\n'),
    rows: searchRows,
    bare: BARE,
    showP95: true,
  }),
  table({
    title: '(d) mixed: the example queries',
    description: `Every file of docs/queries rotated on each connection (${examples.map((e) => `\`${e.file}\``).join(', ')}), default variables, caches warm.`,
    rows: mixedRows,
    bare: BARE,
    showP95: true,
  }),
  ...(memory === null ? [] : [memory]),
  ...(previousScale === null ? [] : [previousScale]),
];
notes.push(
  '- Warm (a), speed work, from CPU profiles (`node --cpu-prof`) of the gateway under this workload:',
  '  executing the query is bounded by graphql-js execution and serialisation, as plain Apollo is (the',
  '  response-cache-off row); Apollo already caches parsed and validated documents. The gain comes from',
  '  not executing: the whole-response cache replays an answer only while it is byte-identical to a new',
  '  execution (every record a fresh cache hit, no upstream load since, no shown age ticking over to its',
  '  next second; docs/operations.md "Caching"). Its first version keyed on the parsed body and profiled with JSON',
  '  parsing, key building and header copying on top: about 5,500 req/s in a quick run. Keyed on the raw',
  '  body, with the body read through events and one writeHead with a stored content-length, a hit does',
  '  what the bare server does, which is why the two are within noise of each other (the bare server also',
  '  decodes the body as UTF-8 to find its answer).',
  '- Cold (b) against its target: the replay server itself needs about 4 ms to build and send a 100-release',
  '  page (27 ms for the first, measured with the delay off), so each level costs the upstream about',
  '  54 ms, not 50; validating a page costs the gateway 1.5–13 ms (zod, warm or not yet optimised).',
  '- Cold (b): the levels are the pages of the release listing. `contractingProcesses` reads the whole',
  '  listing (`releases?limit=PROCUREMENT_PAGE_SIZE`, default 100), which can only be followed one page at a',
  '  time through `links.next`; buyers and suppliers come from the same releases, so no further level or',
  '  source is needed. Each level is one request (a batch of one), so "one batch per source per level"',
  '  holds; the time between levels beyond the injected delay is the work per page (transfer, validation,',
  '  caching) on both sides of loopback. The `/registry` request at start-up is the register warm-up',
  '  (`gateway.warm()`), not part of the query; in the first cold measure the query shares the event loop',
  '  with the build of the register index (about 0.8 s of CPU, see bench/SEARCH.md), which is why its',
  '  first page takes far longer than the injected delay; the second cold measure waits for that build.',
  '- Plain Apollo and the naive gateway serve only the fields of the 50-process query (a small hand-written',
  '  SDL), so they appear in (a) only; the bare server answers each request body with the bytes the gateway',
  '  answered for it at warm-up.',
  ...mesh.notes,
  '- One run on a shared machine; ratios measured in the same run are the figures to read, not absolute req/s.',
);
const markdown = render(
  { date: new Date().toISOString(), cores: cpus().length, node: process.version, settings },
  sections,
  notes,
);
writeFileSync(new URL('./RESULTS.md', import.meta.url), markdown);
process.stdout.write(markdown);
