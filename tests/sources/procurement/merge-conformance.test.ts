import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveMergeRules } from '../../../scripts/ocds-merge-rules.js';
import { compileReleases, versionReleases, type MergeRules } from '../../../src/sources/procurement/merge.js';
import { MERGE_RULES_1_0, MERGE_RULES_1_1 } from '../../../src/sources/procurement/merge-rules.js';
import type { Release } from '../../../src/sources/procurement/payload.js';

/**
 * The reference merge's conformance cases (tests/fixtures/ocds-merge/README.md): each `X.json` a list of
 * releases, `X-compiled.json` and `X-versioned.json` what the reference makes of them. `1.1/` is merged
 * with the rules the gateway ships for OCDS 1.1, `1.0/` with those for 1.0, `schema/` with the rules
 * derived from that directory's edge-case schema. `schema/identifier-merge-no-id-append.json` is the same
 * release merged twice (objects without an id are appended again). The two results of the reference's
 * rule overrides (an option of that library, not of the standard) are listed and not run.
 */

const ROOT = new URL('../../../tests/fixtures/ocds-merge/', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8'));

function asSets(rules: { wholeListMerge: readonly string[]; omitWhenMerged: readonly string[] }): MergeRules {
  return { wholeListMerge: new Set(rules.wholeListMerge), omitWhenMerged: new Set(rules.omitWhenMerged) };
}

const DIRECTORIES: Record<string, MergeRules> = {
  '1.1': MERGE_RULES_1_1,
  '1.0': MERGE_RULES_1_0,
  schema: asSets(deriveMergeRules(read('schema.json'))),
};

/** Expected results of the reference's rule overrides (an option of that library, not of the standard). */
const OPTION_ONLY = [
  'schema/identifier-merge-duplicate-id-append.json',
  'schema/identifier-merge-duplicate-id-by-position.json',
];

/** The same release merged twice: its objects without an id appended a second time. */
const TWICE = 'schema/identifier-merge-no-id-append.json';

interface Case {
  name: string;
  kind: 'compiled' | 'versioned';
  releases: string;
  /** How many times the releases are merged, one after the other. */
  times: number;
  expected: string;
  rules: MergeRules;
}

const cases: Case[] = [];
for (const [dir, rules] of Object.entries(DIRECTORIES)) {
  for (const file of readdirSync(new URL(`${dir}/`, ROOT)).sort()) {
    const match = /^(.*)-(compiled|versioned)\.json$/.exec(file);
    if (match === null) continue;
    const [, base, kind] = match as unknown as [string, string, 'compiled' | 'versioned'];
    cases.push({
      name: `${dir}/${base}`,
      kind,
      releases: `${dir}/${base}.json`,
      times: 1,
      expected: `${dir}/${file}`,
      rules,
    });
  }
}
cases.push({
  name: 'schema/identifier-merge-no-id, merged twice',
  kind: 'compiled',
  releases: 'schema/identifier-merge-no-id.json',
  times: 2,
  expected: TWICE,
  rules: DIRECTORIES['schema'] as MergeRules,
});

describe('the reference merge conformance cases', () => {
  it('are every expected result in the directory: 32 compiled, 19 versioned, 2 of options', () => {
    expect(cases.filter((c) => c.kind === 'compiled')).toHaveLength(32);
    expect(cases.filter((c) => c.kind === 'versioned')).toHaveLength(19);
    const results = Object.keys(DIRECTORIES)
      .flatMap((dir) => readdirSync(new URL(`${dir}/`, ROOT)).map((f) => `${dir}/${f}`))
      .filter((path) => /-(compiled|versioned|append|by-position)\.json$/.test(path));
    expect(results.sort()).toEqual([...cases.map((c) => c.expected), ...OPTION_ONLY].sort());
  });

  it.each(cases.map((c) => [`${c.name} (${c.kind})`, c] as const))('%s', (_name, c) => {
    const once = read(c.releases) as Release[];
    const releases = Array.from({ length: c.times }, () => once).flat();
    const merge = c.kind === 'compiled' ? compileReleases : versionReleases;
    expect(merge(releases, c.rules)).toEqual(read(c.expected));
  });
});
