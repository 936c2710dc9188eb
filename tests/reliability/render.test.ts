import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  existsSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MATRIX_ROWS, missingRows, renderReliabilityReport } from './render.js';
import type { MatrixRecord, RunRecord } from './report.js';
import { REPORT_PATH, writeReliabilityReport } from './write-report.js';

/** One record per row of both matrices, each with its own row number in the case text. */
function fullMatrix(): MatrixRecord[] {
  return (['12a', '12b'] as const).flatMap((table) =>
    Array.from({ length: MATRIX_ROWS[table] }, (_, i) => ({
      table,
      row: i + 1,
      case: `${table} row ${i + 1}`,
      status: table === '12a' ? 400 : 200,
      codes: table === '12a' ? ['BAD_REQUEST'] : ['UPSTREAM_UNAVAILABLE'],
      upstreamCalls: table === '12a' ? 0 : 3,
      lost: false,
    })),
  );
}

const runs: RunRecord[] = [
  { kind: 'load', name: 'warm load', tried: 500, lost: 0, detail: 'peak 4' },
  { kind: 'property', name: 'generated queries', tried: 1000, lost: 1, detail: 'seed 42' },
  { kind: 'load', name: 'cold load', tried: 200, lost: 2, detail: 'peak 16' },
];

/** The body rows of the Markdown table under `heading`. */
function tableUnder(report: string, heading: string): string[] {
  const lines = report.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (line.startsWith('|')) rows.push(line);
  }
  return rows.slice(2); // header and delimiter
}

describe('renderReliabilityReport', () => {
  it('returns null while any row of §12a or §12b has no record', () => {
    const all = fullMatrix();
    expect(renderReliabilityReport(all, runs)).not.toBeNull();
    expect(renderReliabilityReport([], runs)).toBeNull();
    for (const [table, row] of [
      ['12a', 1],
      ['12a', 22],
      ['12b', 1],
      ['12b', 13],
      ['12b', 24],
    ] as const) {
      const partial = all.filter((c) => !(c.table === table && c.row === row));
      expect(missingRows(partial, table)).toEqual([row]);
      expect(renderReliabilityReport(partial, runs)).toBeNull();
    }
    // A record of the wrong table does not stand in for a missing row.
    const swapped = all.map((c) => (c.table === '12a' && c.row === 5 ? { ...c, table: '12b' as const } : c));
    expect(renderReliabilityReport(swapped, runs)).toBeNull();
  });

  it('summarises the counts: cases per matrix, generated inputs, load requests, and requests lost', () => {
    const cases = [
      ...fullMatrix(),
      { ...fullMatrix()[0]!, case: 'a second bad input', lost: true },
      {
        table: '12b' as const,
        row: 4,
        case: '503 twice',
        status: 200,
        codes: [],
        upstreamCalls: 2,
        lost: true,
      },
    ];
    const report = renderReliabilityReport(cases, runs)!;
    const summary = Object.fromEntries(
      tableUnder(report, '## Summary').map((line) => {
        const [, measure, count] = line.split('|').map((s) => s.trim());
        return [measure, Number(count)];
      }),
    );
    expect(summary).toEqual({
      'bad inputs tried (§12a cases)': MATRIX_ROWS['12a'] + 1,
      'faults simulated (§12b cases)': MATRIX_ROWS['12b'] + 1,
      'property-generated inputs': 1000,
      'load requests': 700,
      // Two lost cases plus 1 + 2 + 0 lost in runs.
      'requests lost': 5,
    });
  });

  it('sorts each matrix by row then case, and runs by kind then name, whatever the input order', () => {
    const cases = [
      ...fullMatrix(),
      { ...fullMatrix()[24]!, case: 'a earlier case of row 3' },
      { ...fullMatrix()[24]!, case: 'z later case of row 3' },
    ];
    const forward = renderReliabilityReport(cases, runs)!;
    const backward = renderReliabilityReport([...cases].reverse(), [...runs].reverse())!;
    expect(backward).toBe(forward);

    const faults = tableUnder(forward, '## §12b. Upstream faults').map((l) => l.split('|')[2]!.trim());
    expect(faults.slice(0, 6)).toEqual([
      '12b row 1',
      '12b row 2',
      '12b row 3',
      'a earlier case of row 3',
      'z later case of row 3',
      '12b row 4',
    ]);
    const rowNumbers = tableUnder(forward, '## §12b. Upstream faults').map((l) => Number(l.split('|')[1]));
    expect(rowNumbers).toEqual([...rowNumbers].sort((a, b) => a - b));
    expect(rowNumbers.at(-1)).toBe(MATRIX_ROWS['12b']); // numeric, not "10" < "9"

    const runNames = tableUnder(forward, '## Property and load runs').map((l) => l.split('|')[2]!.trim());
    expect(runNames).toEqual(['cold load', 'warm load', 'generated queries']);
  });

  it('renders each case as one table row with its observations, escaping pipes and line breaks', () => {
    const cases = fullMatrix().map((c) =>
      c.table === '12b' && c.row === 5
        ? {
            ...c,
            case: 'a | b\nsecond line',
            codes: ['RATE_LIMITED', 'CIRCUIT_OPEN'],
            upstreamCalls: 1,
            freshness: 'FALLBACK / RATE_LIMITED',
            lost: true,
          }
        : c,
    );
    const report = renderReliabilityReport(cases, runs)!;
    expect(report.split('\n')[0]).toBe('# Reliability report');
    expect(report).toContain('do not edit by hand');
    expect(report).toContain('`npm run docs:reliability`');
    const row5 = tableUnder(report, '## §12b. Upstream faults').find((l) => l.startsWith('| 5 |'));
    expect(row5).toBe(
      '| 5 | a \\| b second line | 200 | `RATE_LIMITED`, `CIRCUIT_OPEN` | 1 | FALLBACK / RATE_LIMITED | **yes** |',
    );
    const row1 = tableUnder(report, '## §12a. Bad client inputs')[0];
    expect(row1).toBe('| 1 | 12a row 1 | 400 | `BAD_REQUEST` | 0 | — | no |');
    // Every table line has the same number of cells as its header.
    for (const line of report.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([2, 5, 7]).toContain(cells);
    }
    expect(report.endsWith('\n')).toBe(true);
  });

  it('gives the same bytes for the same records (no timestamps)', async () => {
    const first = renderReliabilityReport(fullMatrix(), runs);
    await new Promise((r) => setTimeout(r, 5));
    expect(renderReliabilityReport(fullMatrix(), runs)).toBe(first);
    expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});

describe('writeReliabilityReport', () => {
  /** A records folder as `report.ts` writes it, and a target, both in a fresh temporary folder. */
  function scratch(cases: MatrixRecord[]): { records: string; target: string; done: () => void } {
    const root = mkdtempSync(join(tmpdir(), 'reliability-'));
    const records = join(root, 'records');
    mkdirSync(records);
    [...cases, ...runs].forEach((r, i) => writeFileSync(join(records, `r-${i}.json`), JSON.stringify(r)));
    return { records, target: join(root, 'report.md'), done: () => rmSync(root, { recursive: true }) };
  }

  it('writes the rendered report to the target it is given, from the records folder', () => {
    const s = scratch(fullMatrix());
    try {
      expect(writeReliabilityReport(s.target, s.records)).toEqual({ written: true });
      expect(readFileSync(s.target, 'utf8')).toBe(renderReliabilityReport(fullMatrix(), runs));
    } finally {
      s.done();
    }
  });

  it('writes nothing for a partial run and names the rows without a record', () => {
    const s = scratch(fullMatrix().filter((c) => !(c.table === '12b' && c.row === 7)));
    try {
      expect(writeReliabilityReport(s.target, s.records)).toEqual({
        written: false,
        missing: { '12a': [], '12b': [7] },
      });
      expect(existsSync(s.target)).toBe(false);
      expect(readdirSync(join(s.records, '..'))).toEqual(['records']);
    } finally {
      s.done();
    }
  });

  it('targets docs/reliability-report.md, beside the hand-written rationale', () => {
    expect(REPORT_PATH.endsWith(join('docs', 'reliability-report.md'))).toBe(true);
  });
});
