import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/catalog.js';
import { SOURCE_LABEL } from '../src/domain/freshness.js';

/**
 * docs/architecture.md ("Layers"): imports only point downward, folder modules are entered through their
 * `index.ts`, and there are no import cycles. Read from the sources with TypeScript's own import
 * scanner, type-only imports included.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The module a file belongs to: a folder module (`upstream`, `sources/procurement`, ...) or a top file. */
function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'resolvers') return 'resolvers';
  if (parts[1] === 'sources') return `sources/${parts[2]}`;
  return parts.length > 2 ? (parts[1] ?? '') : (parts[1] ?? '').replace(/\.ts$/, '');
}

/** Which modules each module may import. `sources/*` stands for every source module. */
const ALLOWED: Record<string, readonly string[]> = {
  domain: [],
  env: [],
  // The policy types the upstream layer and the sources read, below the configuration that fills them in.
  policy: [],
  log: [],
  // Random ids (trace and span ids) from a pool of random bytes, for the HTTP and upstream layers.
  'random-hex': [],
  replay: [],
  upstream: ['domain', 'policy', 'random-hex'],
  freshness: ['domain'],
  // The form of a source's descriptor (`src/descriptor.ts`), which each source fills in its own folder.
  descriptor: ['domain', 'policy', 'upstream'],
  'sources/*': ['descriptor', 'domain', 'env', 'policy', 'upstream'],
  // The list of every source's descriptor.
  catalog: ['descriptor', 'domain', 'sources/*'],
  config: ['catalog', 'config-edge', 'env', 'policy'],
  // The settings of the shared Redis, metrics, CORS, API keys and limits, merged into the configuration.
  'config-edge': ['env'],
  // The parts replicas share through Redis (`REDIS_URL`): the upstream layer's, the responses', the limits'.
  redis: ['config-edge', 'domain', 'log', 'upstream'],
  // The store: tables, migrations and reads of harvested records, over Kysely.
  store: ['domain'],
  // The data plane: harvesters, their scheduler, and the reads that serve lists from the store.
  sync: ['domain', 'log', 'policy', 'sources/*', 'store', 'upstream'],
  context: ['domain', 'freshness', 'upstream'],
  resolvers: ['domain', 'context'],
  http: ['config', 'config-edge', 'domain', 'context', 'log', 'freshness', 'random-hex', 'redis'],
  schema: ['resolvers'],
  // One request's loaders, grouped by graph domain over the sources' clients.
  loaders: ['catalog', 'context', 'sources/*'],
  // Which sources the embedded replay server serves, and where.
  embedded: ['catalog', 'config', 'domain', 'replay'],
  // The data plane assembled: which sources are harvested, by which harvester, and the store-backed reads.
  plane: ['config', 'context', 'loaders', 'log', 'store', 'sync', 'upstream'],
  gateway: [
    'catalog',
    'config',
    'context',
    'domain',
    'embedded',
    'freshness',
    'log',
    'plane',
    'redis',
    'store',
    'sync',
    'upstream',
  ],
  server: [
    'config',
    'context',
    'domain',
    'embedded',
    'gateway',
    'http',
    'log',
    'metrics',
    'redis',
    'replay',
    'schema',
    'store',
  ],
  // Prometheus metrics: gauges read from the gateway's state, counters fed by the HTTP layer's hooks.
  metrics: ['context', 'domain', 'http'],
  main: ['config', 'server'],
};

/** Folder modules that others must enter through their index.ts. */
const ENCAPSULATED = /^(upstream|freshness|redis|replay|store|sync|sources\/[^/]+)$/;

const sourceFiles = [...files('src'), ...files('resolvers')];
const graph = new Map<string, string[]>();
for (const file of sourceFiles) {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  const targets = importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
  graph.set(file, targets);
}

const allowedFor = (m: string) => ALLOWED[m.startsWith('sources/') ? 'sources/*' : m];
const matchesAllowed = (target: string, allowed: readonly string[]) =>
  allowed.includes(target) || (target.startsWith('sources/') && allowed.includes('sources/*'));

describe('architecture', () => {
  it('knows the layer of every module', () => {
    const unknown = [...new Set(sourceFiles.map(moduleOf))].filter((m) => allowedFor(m) === undefined);
    expect(unknown).toEqual([]);
  });

  it('has imports that only point downward', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = moduleOf(file);
      for (const target of targets) {
        const to = moduleOf(target);
        if (to !== from && !matchesAllowed(to, allowedFor(from) ?? []))
          violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('enters folder modules only through their index.ts', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const to = moduleOf(target);
        if (to !== moduleOf(file) && ENCAPSULATED.test(to) && !target.endsWith('/index.ts'))
          violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('the source catalog', () => {
  it('has exactly one entry per source, with distinct keys, prefixes and paths', () => {
    const names = CATALOG.map((d) => d.name);
    // The SourceName union of the domain, as written.
    const union = /export type SourceName =([^;]+);/.exec(read('src/domain/freshness.ts'))?.[1] ?? '';
    const declared = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    expect([...names].sort()).toEqual([...declared].sort());
    for (const field of ['name', 'key', 'envPrefix', 'embeddedPath'] as const) {
      const values = CATALOG.map((d) => d[field]);
      expect(new Set(values).size, field).toBe(CATALOG.length);
    }
    // Labels: one per name, distinct.
    expect(Object.keys(SOURCE_LABEL).sort()).toEqual([...names].sort());
    expect(new Set(Object.values(SOURCE_LABEL)).size).toBe(CATALOG.length);
    // Each descriptor lives in its source's folder (`src/sources/<folder>/descriptor.ts`, every folder has
    // one) and the catalog's list names each exactly once.
    const folders = readdirSync(join(ROOT, 'src/sources')).filter((f) =>
      statSync(join(ROOT, 'src/sources', f)).isDirectory(),
    );
    const defined = folders.flatMap((f) => {
      const path = `src/sources/${f}/descriptor.ts`;
      expect(existsSync(join(ROOT, path)), path).toBe(true);
      return [...read(path).matchAll(/^export const (\w+) = defineSource\(/gm)].map((m) => m[1]);
    });
    const list = /export const CATALOG = \[([^\]]*)\] as const;/.exec(read('src/catalog.ts'))?.[1] ?? '';
    const listed = list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    expect([...listed].sort()).toEqual([...defined].sort());
    expect(listed.length).toBe(CATALOG.length);
  });

  it('matches the GraphQL SourceName enum', () => {
    const doc = parse(read('schema/common.graphql'));
    const values = doc.definitions.flatMap((d) =>
      d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'SourceName'
        ? (d.values ?? []).map((v) => v.name.value)
        : [],
    );
    expect(values.sort()).toEqual(CATALOG.map((d) => d.name).sort());
  });

  /**
   * A source is spelled only in its descriptor (`src/sources/<name>/descriptor.ts`) and the rest of its own
   * folder (`src/sources/**`), the catalog that lists it (`src/catalog.ts`), the replay server
   * (`src/replay/**`, which serves it) and the domain (`src/domain/**`: the `SourceName` union, its labels
   * and enums that share a spelling). Elsewhere in src/ none of
   * these may appear, in code or comments:
   * - a source's name as a quoted string ('EITI_MONGOLIA', "TENDER_MN", `REGISTRY`);
   * - one of its environment variables (`EITI_MONGOLIA_URL`, `TENDER_MN_TOKEN`, `REGISTRY_DUMP_PATH`, …);
   * - its embedded path as a string ('/eitim', `/tender-mn/api`…);
   * - a config key that is not a plain word (`eitiMongolia`, `tenderMn`) declared as a key (`tenderMn:`,
   *   `tenderMn?:`): reading `config.sources.tenderMn.token` is fine, listing the sources by hand is not.
   *   Every hand-written list of all sources names those two, so this catches lists of single-word keys too.
   */
  it('is the only place outside the sources themselves that spells a source', () => {
    const exempt = /^src\/(catalog\.ts|domain\/|sources\/|replay\/)/;
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const patterns: { what: string; re: RegExp }[] = [];
    for (const d of CATALOG) {
      patterns.push({ what: `name ${d.name}`, re: new RegExp(`['"\`]${d.name}['"\`]`) });
      const variables = [
        ...[
          'URL',
          'MAX_AGE_SECONDS',
          'SWR_SECONDS',
          'SIE_SECONDS',
          'CONCURRENCY',
          'QUEUE',
          'RATE_PER_SECOND',
        ].map((f) => `${d.envPrefix}${f}`),
        ...extrasVariables(d.extras),
      ];
      for (const v of variables) patterns.push({ what: `variable ${v}`, re: new RegExp(`\\b${v}\\b`) });
      patterns.push({
        what: `path ${d.embeddedPath}`,
        re: new RegExp(`['"\`]${escape(d.embeddedPath)}['"\`/]`),
      });
      if (d.key !== d.name.toLowerCase())
        patterns.push({ what: `key ${d.key}`, re: new RegExp(`(^|[^.\\w])${d.key}\\??\\s*:`, 'm') });
    }
    const violations: string[] = [];
    // Resolvers too (their generated types mirror the SDL's enum and are left out).
    const scanned = [
      ...files('src'),
      ...files('resolvers').filter((f) => !f.startsWith('resolvers/generated/')),
    ];
    for (const file of scanned) {
      if (exempt.test(file)) continue;
      const text = read(file);
      for (const { what, re } of patterns) if (re.test(text)) violations.push(`${file}: ${what}`);
    }
    expect(violations).toEqual([]);
  });

  it('lets a source folder spell only its own sources, not another source', () => {
    const violations: string[] = [];
    for (const file of files('src/sources')) {
      const folder = file.split('/')[2] ?? '';
      const own = new Set(
        [...read(`src/sources/${folder}/descriptor.ts`).matchAll(/\bname: '([A-Z_]+)'/g)].map((m) => m[1]),
      );
      expect(own.size, `src/sources/${folder}/descriptor.ts names its source`).toBeGreaterThan(0);
      const text = read(file);
      for (const d of CATALOG) {
        if (own.has(d.name)) continue;
        if (new RegExp(`['"\`]${d.name}['"\`]`).test(text)) violations.push(`${file}: name ${d.name}`);
      }
    }
    expect(violations).toEqual([]);
  });
});

describe('file size', () => {
  it('keeps every file in src/ at 400 lines or under, unless its first comment says why', () => {
    const over = files('src').filter((file) => {
      const text = read(file);
      if (text.split('\n').length <= 400) return false;
      const first = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/.exec(text)?.[0] ?? '';
      return !/\b400 lines\b/.test(first);
    });
    expect(over).toEqual([]);
  });
});

function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** The environment variables a catalog entry's `extras` schema reads. */
function extrasVariables(schema: unknown): string[] {
  // A zod object, possibly piped into a transform: its shape's keys are the variables.
  const def = (schema as { def?: { in?: { shape?: object }; shape?: object } }).def;
  return Object.keys(def?.in?.shape ?? def?.shape ?? {});
}
