/**
 * `npx tsx bench/search.ts`: the name search over the full register extract (192,771 entries). Builds the
 * index (time, heap retained, peak RSS), then runs a fixed, seeded set of 1,200 queries (exact Cyrillic
 * names, Latin romanisations, prefixes, substrings, legal-form filtered, no-hit) once to warm up and once
 * measured, one at a time, and reports p50/p95/p99 latency per kind. Then the adversarial section: the
 * inputs built to cost the most (many 1–2 character tokens, Cyrillic and Latin, repeated and distinct, at
 * the longest length accepted), each run BENCH_ADVERSARIAL_REPS times at 1 and 100 hits, reporting the CPU
 * time per search (`process.cpuUsage`, so a busy machine's waiting is not counted) and the work counters.
 * With BENCH_BASELINE set to the root of another copy of the project (`git archive <commit> src | tar -x
 * -C <dir>`), the same inputs also run on that copy's search, for a before-and-after comparison.
 * Writes bench/SEARCH.md. Settings: BENCH_SEED (default 20261123), BENCH_LIMIT (hits per query, default
 * 20), BENCH_ADVERSARIAL_REPS (default 5), BENCH_BASELINE (unset: no comparison) and BENCH_BASELINE_LABEL
 * (what the report calls it, e.g. its commit; default its path).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import type { LegalForm } from '../src/domain/organization.js';
import {
  MAX_ALIGN_STEPS,
  MAX_QUERY_WORDS,
  MAX_SEARCH_POSTINGS,
  NameIndex,
  newSearchWork,
  romanise,
  type IndexedName,
  type SearchWork,
} from '../src/sources/registry/search/index.js';

const seed = Number(process.env['BENCH_SEED'] ?? 20261123);
const limit = Number(process.env['BENCH_LIMIT'] ?? 20);
const adversarialReps = Number(process.env['BENCH_ADVERSARIAL_REPS'] ?? 5);
const baselineRoot = process.env['BENCH_BASELINE'];
const baselineLabel = process.env['BENCH_BASELINE_LABEL'] ?? baselineRoot;
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

/** The inputs built to cost the most: the same list the bound tests and the HTTP tests send. */
const repeated = (word: string, times: number): string => Array.from({ length: times }, () => word).join(' ');
const ADVERSARIAL: readonly (readonly [string, string])[] = [
  ['"ху " × 66', repeated('ху', 66)],
  ['"hu " × 66', repeated('hu', 66)],
  ['"a " × 100', repeated('a', 100)],
  ['"aa " × 66', repeated('aa', 66)],
  ['"a b " × 50', repeated('a b', 50)],
  ['"оо уу өө үү " × 16', repeated('оо уу өө үү', 16)],
  ['"ö ü " × 50', repeated('ö ü', 50)],
  ['"yo " × 66', repeated('yo', 66)],
  ['"kh" × 100', 'kh'.repeat(100)],
  ['"x" × 200', 'x'.repeat(200)],
  ['12 one-letter words', 'u h a e b t s m n d g z'],
  ['12 one-letter words, Cyrillic', 'у х а э б т с м н д г з'],
  ['24 two-letter words', 'mu hu ba tu bu ha su nu ga gu da du ta na ma sa ge de te ne be he me la'],
  ['"o их"', 'o их'],
  ['"ий " × 66', repeated('ий', 66)],
  ['"и"', 'и'],
  ['"y" × 200', 'y'.repeat(200)],
  ['"h"', 'h'],
  ['"u"', 'u'],
  ['"mun" (commonest trigram)', 'mun'],
];

/** Something with the index's `search`, the current one (with work counters) or a baseline's. */
interface Searchable {
  search(query: string, options: { limit: number }, work?: SearchWork): { total: number };
}

/** CPU milliseconds per search of `text` (mean of `adversarialReps`, after one unmeasured run), or the refusal. */
function cpuPerSearch(on: Searchable, text: string, hits: number): number | string {
  try {
    on.search(text, { limit: hits });
  } catch (error) {
    return (error as Error).message.split(':')[0] ?? 'refused';
  }
  const started = process.cpuUsage();
  for (let i = 0; i < adversarialReps; i += 1) on.search(text, { limit: hits });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / adversarialReps;
}

let baseline: Searchable | undefined;
let baselineBuildMs = 0;
if (baselineRoot !== undefined) {
  const module = (await import(`${baselineRoot}/src/sources/registry/search/index.ts`)) as {
    NameIndex: new (entries: Iterable<IndexedName>) => Searchable;
  };
  const started = performance.now();
  baseline = new module.NameIndex(entries);
  baselineBuildMs = performance.now() - started;
}

const adversarialRows: string[] = [];
let worstNow = { ms: 0, name: '' };
let worstBefore = { ms: 0, name: '' };
for (const [name, text] of ADVERSARIAL) {
  for (const hits of [1, 100]) {
    const now = cpuPerSearch(index, text, hits);
    const work = newSearchWork();
    try {
      index.search(text, { limit: hits }, work);
    } catch {
      // Refused: the counters stay at zero.
    }
    const before = baseline === undefined ? undefined : cpuPerSearch(baseline, text, hits);
    if (typeof now === 'number' && now > worstNow.ms) worstNow = { ms: now, name: `${name}, ${hits}` };
    if (typeof before === 'number' && before > worstBefore.ms)
      worstBefore = { ms: before, name: `${name}, ${hits}` };
    const cell = (v: number | string | undefined): string =>
      typeof v === 'number' ? v.toFixed(2) : (v ?? '—');
    adversarialRows.push(
      `| ${name} | ${hits} | ${cell(before)} | ${cell(now)} | ${work.words} | ${work.postings} | ${work.candidates} | ${work.wordChecks} | ${work.alignSteps} |`,
    );
  }
}

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
  '## Adversarial inputs',
  '',
  `Inputs built to cost the most, each run once unmeasured and then ${adversarialReps} times, at 1 and 100 hits:`,
  'CPU milliseconds per search (user + system, so time spent waiting on a busy machine is not counted),',
  baseline === undefined
    ? 'on this code only (set BENCH_BASELINE for a comparison),'
    : `before (${baselineLabel}, index built in ${ms(baselineBuildMs)} ms) and now,`,
  `and what the search did now. Bounds: ${MAX_QUERY_WORDS} distinct words, ${MAX_SEARCH_POSTINGS.toLocaleString('en')} entry`,
  `ids read, ${MAX_ALIGN_STEPS.toLocaleString('en')} alignment steps (src/sources/registry/search/README.md, "Work bounds").`,
  '',
  '| input | hits | CPU ms before | CPU ms now | words | postings | candidates | word checks | align steps |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...adversarialRows,
  '',
  `Worst now: ${ms(worstNow.ms)} ms (${worstNow.name}).` +
    (baseline === undefined ? '' : ` Worst before: ${ms(worstBefore.ms)} ms (${worstBefore.name}).`),
  '',
];
writeFileSync(new URL('./SEARCH.md', import.meta.url), lines.join('\n'));
process.stdout.write(lines.join('\n'));
