/**
 * Writes the reliability report from the records of the last run of `tests/reliability`:
 * `npm run docs:reliability` runs those tests and then this file. `npm test` never writes it, so a test
 * run leaves the working tree as it found it.
 *
 *   tsx tests/reliability/write-report.ts [target]   (default: docs/reliability-report.md)
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RESULTS_DIR, type MatrixRecord, type RunRecord } from './report.js';
import { MATRIX_ROWS, missingRows, renderReliabilityReport } from './render.js';

/** Where the generated report lives in the repository. */
export const REPORT_PATH = join(import.meta.dirname, '..', '..', 'docs', 'reliability-report.md');

/** Every record in `dir`, split into matrix cases and runs; none when the folder does not exist. */
export function readRecords(dir: string = RESULTS_DIR): { cases: MatrixRecord[]; runs: RunRecord[] } {
  const cases: MatrixRecord[] = [];
  const runs: RunRecord[] = [];
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return { cases, runs };
  }
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as MatrixRecord | RunRecord;
    if ('table' in record) cases.push(record);
    else runs.push(record);
  }
  return { cases, runs };
}

/**
 * Renders the records of `dir` to `target`. A partial run (one file, a filter) leaves `target` alone
 * and says which rows had no record.
 */
export function writeReliabilityReport(
  target: string = REPORT_PATH,
  dir: string = RESULTS_DIR,
): { written: true } | { written: false; missing: Record<MatrixRecord['table'], number[]> } {
  const { cases, runs } = readRecords(dir);
  const report = renderReliabilityReport(cases, runs);
  if (report === null) {
    const tables = Object.keys(MATRIX_ROWS) as MatrixRecord['table'][];
    return {
      written: false,
      missing: Object.fromEntries(tables.map((t) => [t, missingRows(cases, t)])) as Record<
        MatrixRecord['table'],
        number[]
      >,
    };
  }
  writeFileSync(target, report);
  return { written: true };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const target = resolve(process.argv[2] ?? REPORT_PATH);
  const result = writeReliabilityReport(target);
  if (result.written) {
    process.stdout.write(`Wrote ${target}.\n`);
  } else {
    const rows = Object.entries(result.missing)
      .filter(([, missing]) => missing.length > 0)
      .map(([table, missing]) => `§${table} rows ${missing.join(', ')}`);
    process.stderr.write(
      `No report written: ${rows.join('; ')} have no record. Run every test of tests/reliability first.\n`,
    );
    process.exitCode = 1;
  }
}
