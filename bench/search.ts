/**
 * `npx tsx bench/search.ts`: the name search over the full register extract (192,771 entries). Builds the
 * index (time, heap retained, peak RSS), then runs a fixed, seeded set of 1,200 queries (exact Cyrillic
 * names, Latin romanisations, prefixes, substrings, legal-form filtered, no-hit) once to warm up and once
 * measured, one at a time, and reports p50/p95/p99 latency per kind. Writes bench/SEARCH.md. Settings:
 * BENCH_SEED (default 20261123), BENCH_LIMIT (hits per query, default 20).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import type { LegalForm } from '../src/domain/organization.js';
import { NameIndex, romanise, type IndexedName } from '../src/sources/registry/search/index.js';

const seed = Number(process.env['BENCH_SEED'] ?? 20261123);
const limit = Number(process.env['BENCH_LIMIT'] ?? 20);
const EXTRACT = new URL('../data/registry/mongolian_company_names.full.psv.gz', import.meta.url);

// A full collection before each heap reading, without asking the caller for --expose-gc.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  collect();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** Legal forms for the filtered queries; everything else is OTHER in this benchmark. */
const FORMS: Readonly<Record<string, LegalForm>> = {
  ХХК: 'LLC',
  'ХХК /ГХО/': 'LLC_FOREIGN_INVESTED',
  ХК: 'JOINT_STOCK_COMPANY',
  НҮТББ: 'NGO_PUBLIC_BENEFIT',
  ТБАГУТҮГ: 'BUDGET_ORGANISATION',
  Хоршоо: 'COOPERATIVE',
};

/** mulberry32: a small seeded generator, so every run asks the same queries. */
function random(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const heapBefore = heapMb();
const entries: IndexedName[] = [];
for (const line of gunzipSync(readFileSync(EXTRACT)).toString('utf8').split('\n')) {
  if (line === '') continue;
  const [name = '', form = '', registerNumber = ''] = line.split('|');
  entries.push({ registerNumber, name, legalForm: FORMS[form] ?? 'OTHER' });
}
const heapLoaded = heapMb();
const rssBefore = process.memoryUsage().rss / 2 ** 20;
const buildStarted = performance.now();
const index = new NameIndex(entries);
const buildMs = performance.now() - buildStarted;
// maxRSS is the peak of the whole process so far, so this bounds the build's growth from above.
const rssPeak = process.resourceUsage().maxRSS / 1024;
const heapIndexed = heapMb();

interface Query {
  readonly kind: string;
  readonly text: string;
  readonly legalForm?: LegalForm;
}

const next = random(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const slice = (text: string, from: number, length: number): string =>
  [...text].slice(from, from + length).join('');
const queries: Query[] = [];
type Made = Omit<Query, 'kind'> | undefined;
const add = (kind: string, count: number, make: () => Made): void => {
  for (let made = 0; made < count;) {
    const query = make();
    if (query === undefined || query.text.trim().length < 2) continue;
    queries.push({ kind, ...query });
    made += 1;
  }
};

add('exact Cyrillic name', 250, () => ({ text: pick(entries).name }));
add('Latin romanisation', 250, () => {
  const name = pick(entries).name;
  return [...name].length > 60 ? undefined : { text: pick(romanise(name)) };
});
add('prefix', 200, () => {
  const name = pick(entries).name;
  const text = next() < 0.5 ? name : (romanise(name)[0] ?? name);
  return { text: slice(text, 0, 2 + Math.floor(next() * 6)) };
});
add('substring', 200, () => {
  const name = pick(entries).name;
  const words = name.split(/[\s-]+/u).filter((word) => word.length >= 4);
  if (words.length > 1 && next() < 0.5) return { text: pick(words.slice(1)) };
  const letters = [...name];
  if (letters.length < 8) return undefined;
  const length = 4 + Math.floor(next() * 5);
  return { text: slice(name, 1 + Math.floor(next() * (letters.length - length - 1)), length) };
});
add('legal-form filtered', 150, () => {
  const entry = pick(entries);
  if (entry.legalForm === 'OTHER') return undefined;
  const text = next() < 0.5 ? entry.name : (romanise(entry.name)[1] ?? entry.name);
  return { text: slice(text, 0, 3 + Math.floor(next() * 12)), legalForm: entry.legalForm };
});
add('no-hit', 150, () => {
  // Random consonant clusters; the few that some name does hold are drawn again.
  let text = '';
  for (let i = 0, n = 4 + Math.floor(next() * 6); i < n; i += 1) text += pick([...'qwxzfpvjg']);
  return index.search(text, { limit: 0 }).total === 0 ? { text } : undefined;
});

function run(query: Query): number {
  return index.search(
    query.text,
    query.legalForm === undefined ? { limit } : { limit, legalForm: query.legalForm },
  ).total;
}

for (const query of queries) run(query); // warm-up pass, not measured

const samples = new Map<string, { ms: number[]; hits: number; empty: number }>();
const all: number[] = [];
const measureStarted = performance.now();
for (const query of queries) {
  const started = performance.now();
  const total = run(query);
  const ms = performance.now() - started;
  const row = samples.get(query.kind) ?? { ms: [], hits: 0, empty: 0 };
  row.ms.push(ms);
  row.hits += total;
  if (total === 0) row.empty += 1;
  samples.set(query.kind, row);
  all.push(ms);
}
const measureMs = performance.now() - measureStarted;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const ms = (value: number): string => value.toFixed(2);
const latencyRow = (name: string, values: readonly number[], hits: number, empty: number): string => {
  const sorted = [...values].sort((a, b) => a - b);
  return `| ${name} | ${values.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(percentile(sorted, 99))} | ${ms(sorted[sorted.length - 1] ?? 0)} | ${Math.round(hits / values.length)} | ${empty} |`;
};

const lines = [
  '# Name search benchmark',
  '',
  `Generated by \`npx tsx bench/search.ts\` on ${new Date().toISOString()} (${cpus().length} cores, Node ${process.version}).`,
  `Index of the full register extract (${index.size.toLocaleString('en')} entries); ${queries.length} queries (seed ${seed}),`,
  `limit ${limit}, run one at a time, once to warm up and once measured (${ms(measureMs)} ms in all).`,
  '',
  '| build | value |',
  '| --- | ---: |',
  `| index build time | ${ms(buildMs)} ms |`,
  `| heap retained by the index (after a full GC) | ${(heapIndexed - heapLoaded).toFixed(1)} MB |`,
  `| heap of the loaded entries (before the index) | ${(heapLoaded - heapBefore).toFixed(1)} MB |`,
  `| RSS before the build → peak so far after it | ${rssBefore.toFixed(0)} MB → ${rssPeak.toFixed(0)} MB (+${(rssPeak - rssBefore).toFixed(0)} MB at most) |`,
  '',
  '| queries | count | p50 ms | p95 ms | p99 ms | max ms | mean total | no hits |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...[...samples].map(([kind, row]) => latencyRow(kind, row.ms, row.hits, row.empty)),
  latencyRow(
    '**all**',
    all,
    [...samples.values()].reduce((sum, row) => sum + row.hits, 0),
    [...samples.values()].reduce((sum, row) => sum + row.empty, 0),
  ),
  '',
];
writeFileSync(new URL('./SEARCH.md', import.meta.url), lines.join('\n'));
process.stdout.write(lines.join('\n'));
