/**
 * Comparison (iv): GraphQL Mesh (composition) + Hive Gateway (serving) over the same replay upstream.
 * The packages live in bench/mesh (own package.json and package-lock.json, installed on demand with
 * `npm ci`), so the project's own dependencies are untouched; bench/mesh/serve.js composes the supergraph
 * from JSON Schemas of the replay's OCDS endpoints and serves it, in this process, on a loopback
 * ephemeral port. The query is the gateway's warm 50-process query, unchanged; without the response cache
 * it is also driven with the distinct workload (e), the same bodies as every other server.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drive, type Row, type Settings } from './drive.js';
import type { BenchServer } from './servers/listen.js';
import { connectionOf, processesOf } from './servers/ocds.js';
import { WARM_BODY, WARM_QUERY } from './workloads.js';

const MESH_DIR = new URL('./mesh/', import.meta.url);
/** The packages whose versions the results name. */
const PACKAGES = [
  '@graphql-hive/gateway',
  '@graphql-hive/gateway-runtime',
  '@graphql-mesh/compose-cli',
  '@omnigraph/json-schema',
  '@graphql-mesh/transport-rest',
  '@graphql-mesh/plugin-response-cache',
  '@graphql-mesh/plugin-http-cache',
  '@graphql-mesh/cache-inmemory-lru',
  'graphql',
] as const;

export interface MeshServer extends BenchServer {
  /** The GraphQL query the server is driven with (the gateway's warm query). */
  readonly query: string;
}

interface MeshModule {
  startMesh(options: {
    replayUrl: string;
    processesOf: typeof processesOf;
    connectionOf: typeof connectionOf;
    responseCache: boolean;
  }): Promise<BenchServer>;
}

/** Installs bench/mesh from its lockfile when its node_modules is missing. */
export function installMesh(log: (line: string) => void): void {
  if (existsSync(new URL('./node_modules/', MESH_DIR))) return;
  log('installing bench/mesh (npm ci) ...');
  execFileSync('npm', ['ci', '--prefix', fileURLToPath(MESH_DIR), '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** `name@version` of each installed package of bench/mesh. */
export function meshVersions(): string[] {
  return PACKAGES.map((name) => {
    const file = new URL(`./node_modules/${name}/package.json`, MESH_DIR);
    const version = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
      : 'not installed';
    return `${name}@${version}`;
  });
}

let loaded: Promise<MeshModule> | undefined;
/** Imports bench/mesh/serve.js (and with it the Mesh and Hive Gateway packages) once. */
function loadMesh(): Promise<MeshModule> {
  loaded ??= import(new URL('./serve.js', MESH_DIR).href) as Promise<MeshModule>;
  return loaded;
}

/** Composes and starts Mesh/Hive Gateway over `replayUrl`; installs bench/mesh first if needed. */
export async function startMesh(
  replayUrl: string,
  options: { responseCache: boolean; log?: (line: string) => void },
): Promise<MeshServer> {
  installMesh(options.log ?? (() => {}));
  const mod = await loadMesh();
  const server = await mod.startMesh({
    replayUrl,
    processesOf,
    connectionOf,
    responseCache: options.responseCache,
  });
  return { url: server.url, query: WARM_QUERY, close: () => server.close() };
}

/** The row of Mesh + Hive Gateway without its response cache. */
export const MESH_RE_EXECUTED = 'Mesh + Hive Gateway, HTTP cache only (query re-executed)';

export interface MeshComparison {
  readonly rows: Row[];
  /** Workload (e) without the response cache, when it ran. */
  readonly distinct: Row | null;
  /** Lines for the description of workload (e). */
  readonly distinctDescription: string[];
  /** Lines for the description of workload (a). */
  readonly description: string[];
  /** Lines for the notes: what ran, or what was tried and what failed. */
  readonly notes: string[];
}

interface Replay {
  readonly url: string;
  readonly requests: readonly { readonly at: number; readonly headers: Readonly<Record<string, string>> }[];
}

/** Requests Mesh sent to the replay server since `since` (it tags them with `x-bench-client: mesh`). */
const meshRequests = (replay: Replay, since: number): number =>
  replay.requests.filter((r) => r.at >= since && r.headers['x-bench-client'] === 'mesh').length;

async function post(url: string, body = WARM_BODY): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

/** Bodies of workload (e) checked on Mesh before it is driven: one in ten (each takes it tens of ms). */
const CHECK_EVERY = 10;

const dataOf = (text: string): string => {
  try {
    return JSON.stringify((JSON.parse(text) as { data?: unknown }).data ?? null);
  } catch {
    return 'not JSON';
  }
};

/**
 * Workload (a) against Mesh/Hive Gateway, with and without the response cache: each server is warmed
 * (the query sent twice), its answer compared with plain Apollo's (`apolloUrl`, same compilation), then
 * driven; its upstream requests during the drive are counted on the replay log. Without the response
 * cache, workload (e) (`distinct`) follows: one body in ten compared with plain Apollo's answer, then all
 * driven.
 */
export async function driveMesh(
  replay: Replay,
  apolloUrl: string,
  settings: Settings,
  log: (line: string) => void,
  distinct: readonly string[] = [],
): Promise<MeshComparison> {
  const rows: Row[] = [];
  const description: string[] = [];
  const distinctDescription: string[] = [];
  let distinctRow: Row | null = null;
  const reference = dataOf((await post(apolloUrl)).text);
  const variants = [
    { responseCache: true, name: 'Mesh + Hive Gateway, response cache' },
    { responseCache: false, name: MESH_RE_EXECUTED },
  ];
  let step = 'npm ci --prefix bench/mesh';
  try {
    installMesh(log);
    step = 'import bench/mesh/serve.js';
    const loadStarted = performance.now();
    await loadMesh();
    description.push(
      `Mesh and Hive Gateway modules imported in ${(performance.now() - loadStarted).toFixed(0)} ms.`,
    );
    for (const variant of variants) {
      step = `start (${variant.name})`;
      const started = performance.now();
      const mesh = await startMesh(replay.url, { responseCache: variant.responseCache, log });
      const startMs = performance.now() - started;
      try {
        step = `warm-up query (${variant.name})`;
        await post(mesh.url);
        const answer = await post(mesh.url);
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
        const same = dataOf(answer.text) === reference;
        step = `autocannon (${variant.name})`;
        const since = Date.now();
        log(`driving ${variant.name} ...`);
        rows.push(await drive(variant.name, mesh.url, [WARM_BODY], settings));
        const upstream = meshRequests(replay, since);
        description.push(
          `${variant.name}: composed and listening in ${startMs.toFixed(0)} ms; ${Buffer.byteLength(answer.text)} bytes,`,
          `\`data\` ${same ? 'identical to' : 'DIFFERENT from'} plain Apollo's; it sent ${upstream} upstream requests during the drive.`,
        );
        if (!variant.responseCache && distinct.length > 0) {
          step = `distinct workload (${variant.name})`;
          const checked = distinct.filter((_, i) => i % CHECK_EVERY === 0);
          let failed = 0;
          let differ = 0;
          for (const body of checked) {
            const [mine, theirs] = [await post(mesh.url, body), await post(apolloUrl, body)];
            if (mine.status !== 200 || mine.text.includes('"errors"')) failed += 1;
            else if (dataOf(mine.text) !== dataOf(theirs.text)) differ += 1;
          }
          log(`driving ${variant.name}, distinct ...`);
          distinctRow = await drive(variant.name, mesh.url, distinct, settings, true);
          distinctDescription.push(
            `${variant.name}: of ${checked.length} bodies checked (one in ${CHECK_EVERY}), ${failed} failed`,
            `(non-200 or GraphQL errors) and ${differ} answered other \`data\` than plain Apollo.`,
          );
        }
      } finally {
        await mesh.close();
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      rows,
      distinct: distinctRow,
      distinctDescription,
      description,
      notes: [
        `- (iv) GraphQL Mesh / Hive Gateway FAILED at step "${step}": ${message.split('\n')[0] ?? ''}`,
        `  Packages (bench/mesh): ${meshVersions().join(', ')}.`,
      ],
    };
  }
  return {
    rows,
    distinct: distinctRow,
    distinctDescription,
    description,
    notes: [
      '- (iv) GraphQL Mesh / Hive Gateway (bench/mesh.ts, bench/mesh/serve.js), installed from the npm registry',
      `  into bench/mesh: ${meshVersions().join(', ')}. Composition: one JSON Schema source (\`ocds\`:`,
      '  `GET /ocds/releases?limit&cursor`, `GET /ocds/records/{ocid}`), composed at start with the replay URL;',
      '  Hive Gateway serves the supergraph in this process. The REST shape has releases, not processes, so',
      '  `contractingProcesses(filter, first, after)` is an `additionalResolvers` field that pages the listing',
      '  (limit 500) through the Mesh source (in-context SDK), following `links.next`, and compiles, orders,',
      '  filters and pages the processes with the functions plain Apollo uses (last value wins): same query',
      "  text, same fields, same `data` as plain Apollo (checked each run above), not the gateway's OCDS merge",
      '  (whose answer differs in bytes).',
      '  Caching: one in-memory LRU; Mesh `useHttpCache` on upstream responses (honours the replay',
      '  `Cache-Control: max-age=300`) in both rows, and Hive Gateway `responseCaching` (whole results, no',
      '  session, no TTL, no invalidation) in the first row. In the second row every query re-reads the whole',
      '  cached listing (two pages of up to 500 full releases, as JSON text), Mesh projects every release',
      '  through its generated schema, and the resolver compiles all processes again; the gateway instead keeps',
      '  parsed, compiled processes. Upstream requests are counted from the replay log by a header Mesh sends',
      '  (`x-bench-client: mesh`); the gateway, still running, may refresh its own caches meanwhile.',
      '  (d) is not run against Mesh: it serves only this field (with the list arguments of (e)), not the rest',
      '  of the schema.',
    ],
  };
}
