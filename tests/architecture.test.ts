import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/catalog.js';
import { WIRING } from '../src/wiring.js';

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
  // The catalog's facts (names, prefixes, paths, defaults, recordings) sit below everything that reads them.
  catalog: ['domain', 'env'],
  config: ['catalog', 'env'],
  log: [],
  replay: [],
  upstream: ['catalog', 'domain', 'config'],
  freshness: ['domain'],
  'sources/*': ['catalog', 'domain', 'upstream', 'config'],
  context: ['domain', 'freshness', 'upstream'],
  resolvers: ['domain', 'context'],
  http: ['config', 'domain', 'context', 'log', 'freshness'],
  schema: ['resolvers'],
  // The catalog's code half: how each source's client and loaders are built.
  wiring: ['catalog', 'config', 'context', 'sources/*', 'upstream'],
  // Which sources the embedded replay server serves, and where.
  embedded: ['catalog', 'config', 'domain', 'replay'],
  gateway: ['catalog', 'config', 'context', 'domain', 'embedded', 'freshness', 'log', 'upstream', 'wiring'],
  server: ['config', 'context', 'domain', 'embedded', 'gateway', 'http', 'log', 'replay', 'schema'],
  main: ['config', 'server'],
};

/** Folder modules that others must enter through their index.ts. */
const ENCAPSULATED = /^(upstream|freshness|replay|sources\/[^/]+)$/;

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
    for (const field of ['name', 'key', 'envPrefix', 'embeddedPath', 'label'] as const) {
      const values = CATALOG.map((d) => d[field]);
      expect(new Set(values).size, field).toBe(CATALOG.length);
    }
    // No prefix is the start of another's variable that the other source does not own.
    expect(Object.keys(WIRING).sort()).toEqual(CATALOG.map((d) => d.key).sort());
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
   * A source is spelled only in its catalog entry (`src/catalog.ts`, and `src/wiring.ts`, its code half),
   * its own folder (`src/sources/**`), the replay server (`src/replay/**`, which serves it) and the domain
   * (`src/domain/**`: the `SourceName` union and enums that share a spelling). Elsewhere in src/ none of
   * these may appear, in code or comments:
   * - a source's name as a quoted string ('EITI_MONGOLIA', "TENDER_MN", `REGISTRY`);
   * - one of its environment variables (`EITI_MONGOLIA_URL`, `TENDER_MN_TOKEN`, `REGISTRY_DUMP_PATH`, …);
   * - its embedded path as a string ('/eitim', `/tender-mn/api`…);
   * - a config key that is not a plain word (`eitiMongolia`, `tenderMn`) declared as a key (`tenderMn:`,
   *   `tenderMn?:`): reading `config.sources.tenderMn.token` is fine, listing the sources by hand is not.
   *   Every hand-written list of all sources names those two, so this catches lists of single-word keys too.
   */
  it('is the only place outside the sources themselves that spells a source', () => {
    const exempt = /^src\/(catalog\.ts|wiring\.ts|domain\/|sources\/|replay\/)/;
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
    for (const file of files('src')) {
      if (exempt.test(file)) continue;
      const text = read(file);
      for (const { what, re } of patterns) if (re.test(text)) violations.push(`${file}: ${what}`);
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
