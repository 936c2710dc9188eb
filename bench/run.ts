/**
 * `npm run bench`: the gateway against its comparison servers, side by side in one run, on loopback,
 * bounded in time. Starts the replay server (rate limit off), the gateway over it, the bare-HTTP limit,
 * plain Apollo Server 5 over the same data in memory, a naive per-field-fetching gateway and GraphQL
 * Mesh + Hive Gateway (bench/mesh.ts, installed into bench/mesh on demand); drives
 * the warm, search and mixed workloads with autocannon (in a process of its own, bench/drive.ts, so that
 * the load generator never takes the measured server's event loop); measures the cold query once with injected
 * upstream latency; writes bench/RESULTS.md. Settings: BENCH_SECONDS (default 5), BENCH_CONNECTIONS
 * (default 32), BENCH_COLD_DELAY_MS (default 50).
 *
 * The memory workload (bench/memory.ts, its own settings there) runs last. `npm run bench -- memory` runs
 * it alone and replaces the Memory section of bench/RESULTS.md in place; BENCH_MEMORY=0 skips it and
 * keeps the Memory section of the previous results.
 *
 * The scale workload (bench/scale.ts, its own settings there) runs only as `npm run bench -- scale`, which
 * replaces the Scale section of bench/RESULTS.md in place; a full run keeps the previous one.
 *
 * The cold section (b) (bench/cold.ts) runs alone as `npm run bench -- cold`, which replaces the (b)
 * section and its notes in bench/RESULTS.md in place.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { startReplayServer } from '../src/replay/index.js';
import { startGateway } from '../src/server.js';
import { replayEnv } from '../tests/helpers.js';
import { runDistinct } from './distinct.js';
import { drive, harvestsDone, post, settled, type Row, type Settings } from './drive.js';
import { MESH_RE_EXECUTED, driveMesh } from './mesh.js';
import { memorySection, previousMemorySection, runMemory, updateMemorySection } from './memory.js';
import { updateScaleSection } from './scale.js';
import { previousScaleSection } from './scale-report.js';
import { COLD_NOTES, coldLive, coldStored, updateColdSection } from './cold.js';
import { coldSection, render, table, targetsSection } from './report.js';
import { loadAllProcesses, startApolloPlain } from './servers/apollo-plain.js';
import { startApolloUsual } from './servers/apollo-usual.js';
import { startBareServer } from './servers/bare.js';
import { startNaive } from './servers/naive.js';
import { SEARCH_BODIES, WARM_BODY, distinctBodies, exampleBodies } from './workloads.js';

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
if (selected.some((w) => w !== 'memory' && w !== 'scale' && w !== 'cold')) {
  throw new Error(
    `Unknown workload in "${selected.join(' ')}": only "memory", "scale" and "cold" can be run alone.`,
  );
}
if (selected.includes('cold')) {
  process.stdout.write(`${(await updateColdSection(RESULTS, coldDelayMs)).join('\n')}\n`);
}
if (selected.includes('memory')) {
  process.stdout.write(`${(await updateMemorySection(RESULTS, log)).join('\n')}\n`);
}
if (selected.includes('scale')) {
  process.stdout.write(`${(await updateScaleSection(RESULTS, log)).join('\n')}\n`);
}
if (selected.length > 0) process.exit(0);

const replay = await startReplayServer({ rateLimit: false });
const gateway = await startGateway({ env: { ...BASE_ENV, ...replayEnv(replay) } });
const endpoint = `${gateway.url}/graphql`;
// A measure taken while a harvest writes to the store would be of serving and harvesting together: every
// gateway measured first waits until each of its sources' harvests is complete and idle.
await harvestsDone(endpoint);

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
// (its upstream caches are warmed the same way), to show the execution path apart from the cache; once
// in each execution mode (`EXECUTION`), so that what compiling the operations gains is seen in one run.
const startExecuting = async (execution: 'compiled' | 'interpreted') => {
  const running = await startGateway({
    env: { ...BASE_ENV, ...replayEnv(replay), RESPONSE_CACHE_MAX_BYTES: '0', EXECUTION: execution },
  });
  const url = `${running.url}/graphql`;
  await harvestsDone(url);
  for (const body of [WARM_BODY, ...SEARCH_BODIES, ...examples.map((e) => e.body)]) {
    await post(url, body);
    await post(url, body);
  }
  return { running, url, name: `gateway, response cache off, ${execution} execution` };
};
const executing = await startExecuting('compiled');
const interpreting = await startExecuting('interpreted');
const executingEndpoint = executing.url;
const EXECUTING = executing.name;
const INTERPRETING = interpreting.name;

const bare = await startBareServer(recorded);
const apollo = await startApolloPlain(replay.url);
const naive = await startNaive(replay.url);
const apolloAnswer = await post(apollo.url, WARM_BODY);
const apolloBytes = apolloAnswer.bytes.length;
const dataOf = (bytes: Buffer): string =>
  JSON.stringify((JSON.parse(bytes.toString('utf8')) as { data?: unknown }).data ?? null);
const usual = await startApolloUsual(replay.url);
replay.clearLog();
await post(usual.url, WARM_BODY);
const usualFirstUpstream = replay.countRequests();
replay.clearLog();
const usualAnswer = await post(usual.url, WARM_BODY);
const usualUpstream = replay.countRequests();
const usualSame = dataOf(usualAnswer.bytes) === dataOf(apolloAnswer.bytes);
const distinct = distinctBodies(await loadAllProcesses(replay.url));
const naiveAnswer = await post(naive.url, WARM_BODY);
replay.clearLog();
await post(naive.url, WARM_BODY);
const naiveUpstream = replay.countRequests();

const BARE = 'bare node:http, same bytes';
const APOLLO = 'plain Apollo Server 5, data in memory';
const GATEWAY = 'gateway';
/** Mean req/s of the row `name` of `rows` (NaN when it did not run). */
const rate = (rows: readonly Row[], name: string): number =>
  rows.find((r) => r.name === name)?.requests ?? Number.NaN;
const USUAL = 'Apollo Server 5 + DataLoader + lru-cache, written the usual way';
const run = async (name: string, url: string, bodies: readonly string[]) => {
  log(`driving ${name} ...`);
  return drive(name, url, bodies, settings);
};

const warmRows = [
  await run(BARE, bare.url, [WARM_BODY]),
  await run(`${GATEWAY}, warm cache`, endpoint, [WARM_BODY]),
  await run(APOLLO, apollo.url, [WARM_BODY]),
  await run(EXECUTING, executingEndpoint, [WARM_BODY]),
  await run(INTERPRETING, interpreting.url, [WARM_BODY]),
  await run(USUAL, usual.url, [WARM_BODY]),
  await run('naive gateway (per-field upstream calls, no cache)', naive.url, [WARM_BODY]),
];
// The naive gateway goes on with the queries autocannon gave up on, hundreds of upstream calls each.
await settled(() => replay.countRequests());
const mesh = await driveMesh(replay, apollo.url, settings, log, distinct);
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
  await run(INTERPRETING, interpreting.url, SEARCH_BODIES),
];
const mixedBodies = examples.map((e) => e.body);
const mixedRows = [
  await run(BARE, bare.url, mixedBodies),
  await run(GATEWAY, endpoint, mixedBodies),
  await run(EXECUTING, executingEndpoint, mixedBodies),
  await run(INTERPRETING, interpreting.url, mixedBodies),
];
const distinctRun = await runDistinct({
  bodies: distinct,
  gateway: { name: `${GATEWAY}, response cache on`, url: endpoint },
  others: [
    { name: EXECUTING, url: executing.url },
    { name: INTERPRETING, url: interpreting.url },
    { name: APOLLO, url: apollo.url },
    { name: USUAL, url: usual.url },
  ],
  mesh: { row: mesh.distinct, description: mesh.distinctDescription },
  settings,
  log,
});
await usual.close();
await bare.close();
await apollo.close();
await naive.close();
await gateway.close();
await executing.running.close();
await interpreting.running.close();
await replay.close();
log('cold ...');
const coldResult = await coldLive(coldDelayMs);
const coldFromStore = await coldStored(coldDelayMs);
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
        ? `Measured: the gateway with its response cache is ${(warmGateway.requests / (warmRows[2]?.requests ?? Number.NaN)).toFixed(3)}× plain Apollo and ${((100 * warmGateway.requests) / (warmRows[0]?.requests ?? Number.NaN)).toFixed(1)} % of bare HTTP (the targets are under Targets below).`
        : '',
      warmExecuting
        ? `With the response cache off (every request parsed, validated and executed over the cached upstream data) the gateway is ${(warmExecuting.requests / (warmRows[2]?.requests ?? Number.NaN)).toFixed(3)}× plain Apollo with compiled execution (the default)`
        : '',
      `and ${(rate(warmRows, INTERPRETING) / rate(warmRows, APOLLO)).toFixed(3)}× with interpreted execution (graphql-js).`,
      `${USUAL}: ${usualAnswer.bytes.length} bytes, \`data\` ${usualSame ? 'identical to' : 'DIFFERENT from'} plain Apollo's;`,
      `it sent ${usualFirstUpstream} upstream requests for its first query and ${usualUpstream} for the next (counted on the replay log,`,
      'where the gateways running meanwhile may add their own).',
      ...mesh.description,
    ].join('\n'),
    rows: warmRows,
    bare: BARE,
    apollo: APOLLO,
  }),
  coldSection(coldResult, coldFromStore),
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
  table({
    title: `(e) distinct: ${distinct.length} different list queries, none repeated within ${distinct.length} requests`,
    description: [
      `\`contractingProcesses\` with \`first\` from 1 to 100, \`after\` cursors, filters (method, status, dates,`,
      "MNT value ranges, buyers' and suppliers' names or words of them, taken from the data) and a different",
      'selection each time (subsets of the fields, aliases), generated with a fixed seed (`distinctBodies`,',
      'bench/workloads.ts), a quarter with variables; one rotation for all connections, so a body comes back',
      `only after the ${distinct.length - 1} others. Only what the gateway and every comparison server serve: plain Apollo's`,
      "SDL (bench/servers/ocds.ts) takes the gateway's list arguments, filter and cursors (filtered and paged in",
      "memory by the gateway's rules), and Mesh's added field the same. Each server answered every body once",
      'before its drive:',
      '',
      ...distinctRun.description,
    ].join('\n'),
    rows: distinctRun.rows,
    apollo: APOLLO,
    showP95: true,
  }),
  targetsSection(
    [
      {
        what: 'warm (a): response cache off / plain Apollo Server 5',
        measured: rate(warmRows, EXECUTING) / rate(warmRows, APOLLO),
        goal: 3,
      },
      {
        what: 'warm (a): response cache off / Mesh + Hive Gateway without its response cache',
        measured: rate(warmRows, EXECUTING) / rate(warmRows, MESH_RE_EXECUTED),
        goal: 3,
      },
      {
        what: 'distinct (e): response cache off / plain Apollo Server 5',
        measured: rate(distinctRun.rows, EXECUTING) / rate(distinctRun.rows, APOLLO),
        goal: 2,
      },
      {
        what: 'distinct (e): response cache off / Mesh + Hive Gateway without its response cache',
        measured: rate(distinctRun.rows, EXECUTING) / rate(distinctRun.rows, MESH_RE_EXECUTED),
        goal: 2,
      },
      {
        what: 'warm (a): response cache on / bare HTTP',
        measured: rate(warmRows, `${GATEWAY}, warm cache`) / rate(warmRows, BARE),
        goal: 0.9,
        percent: true,
      },
    ],
    [
      '"Response cache off" is the row with compiled execution (`EXECUTION=compiled`, the default). With',
      `interpreted execution instead: ${(rate(warmRows, INTERPRETING) / rate(warmRows, APOLLO)).toFixed(3)}× and`,
      `${(rate(warmRows, INTERPRETING) / rate(warmRows, MESH_RE_EXECUTED)).toFixed(3)}× on (a), ${(rate(distinctRun.rows, INTERPRETING) / rate(distinctRun.rows, APOLLO)).toFixed(3)}× and`,
      `${(rate(distinctRun.rows, INTERPRETING) / rate(distinctRun.rows, MESH_RE_EXECUTED)).toFixed(3)}× on (e). Ratios of mean req/s in this run.`,
    ].join('\n'),
  ),
  ...(memory === null ? [] : [memory]),
  ...(previousScale === null ? [] : [previousScale]),
];
notes.push(
  '- Warm (a), response cache on: a hit executes nothing. The whole-response cache replays an answer only',
  '  while it is byte-identical to a new execution (every record a fresh cache hit, no upstream load since,',
  '  no shown age ticking over to its next second; docs/operations.md "Caching"), keyed on the raw body, and',
  '  writes the stored bytes with one writeHead. What it does beyond the bare server is per request: the',
  '  request id and trace, CORS `Vary`, the per-client guard, the response metrics, and the promise hooks',
  '  Node 20 runs for every promise once an AsyncLocalStorage is in use (bench/PROFILE.md, "A response-cache',
  '  hit"). With the load generator in its own process, the bare server is nearly free and the ratio shows',
  '  that per-request work; with it in the same process (earlier runs) both shared its cost.',
  ...COLD_NOTES,
  '- Every gateway measured (the response cache on, and off in each execution mode) first waited until the',
  '  harvest of each of its sources was complete and idle (`Query.sources`): a measure taken while a harvest',
  '  writes to the store is not a measure of serving.',
  '- Execution modes: `EXECUTION=compiled` (the default) runs a validated document through graphql-js for',
  '  its first 10 runs and then as a graphql-jit plan cached per document (graphql-js when it cannot',
  '  compile); `interpreted` runs graphql-js. Both rows have the response cache off, so every request',
  '  executes. In (e) each body runs about four times in the drive: the compiled row compiles nothing there.',
  `- ${USUAL} (bench/servers/apollo-usual.ts): the`,
  "  same SDL as plain Apollo; the list resolver reads the release listing and each process's fields its",
  '  record over HTTP from the replay server, batched per request by DataLoader and cached across requests',
  "  in an lru-cache (TTL 300 s, the replay's max-age; parsed JSON, compiled per request); no freshness or",
  '  provenance.',
  '- Distinct (e), from a CPU profile (`node --cpu-prof`) of the gateway with the response cache off under',
  '  this workload: about 2 ms a request, of which reading each page from the store (the harvest status and',
  '  the page through kysely and better-sqlite3) about 7 %, serialising and writing the answer about 10 %,',
  '  garbage collection about 9 %. With plans made at every second sighting, compiling took 12 % (each body',
  '  is compiled during the drive and run from its plan two or three times), and the compiled row ran',
  '  slower than the interpreted one (0.76 and 0.63 of its rate in two runs); a document is now',
  '  compiled after its first 10 runs (docs/architecture.md "Execution"), which these bodies, each sent a',
  '  few times, do not reach. Plain Apollo filters and pages objects already in memory, with no freshness.',
  '- Plain Apollo, the usual-way Apollo and the naive gateway serve only the fields of the 50-process query',
  '  and of (e) (a small hand-written SDL), so they appear in (a) and (e) only (the naive gateway in (a)',
  '  only: it ignores the list arguments); the bare server answers each request body with the bytes the',
  '  gateway answered for it at warm-up.',
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
