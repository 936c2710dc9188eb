import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md "Layers": imports only point downward, folder modules are entered through their
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
  config: [],
  log: [],
  replay: [],
  upstream: ['domain', 'config'],
  freshness: ['domain'],
  'sources/*': ['domain', 'upstream', 'config'],
  context: ['domain', 'freshness', 'upstream'],
  resolvers: ['domain', 'context'],
  http: ['config', 'domain', 'context', 'log', 'freshness'],
  schema: ['resolvers'],
  gateway: ['config', 'context', 'domain', 'freshness', 'log', 'sources/*', 'upstream'],
  server: ['config', 'context', 'domain', 'gateway', 'http', 'log', 'replay', 'schema'],
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
