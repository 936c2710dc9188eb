/**
 * vitest global setup: clears the reliability records before the run and renders
 * `docs/reliability.md` from them afterwards (see `report.ts`).
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, type MatrixRecord, type RunRecord } from './report.js';
import { renderReliabilityReport } from './render.js';

export function setup(): () => void {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  return () => {
    let files: string[];
    try {
      files = readdirSync(RESULTS_DIR);
    } catch {
      return;
    }
    const cases: MatrixRecord[] = [];
    const runs: RunRecord[] = [];
    for (const file of files) {
      const record = JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8')) as MatrixRecord | RunRecord;
      if ('table' in record) cases.push(record);
      else runs.push(record);
    }
    const report = renderReliabilityReport(cases, runs);
    // A partial run (one file, a filter) must not overwrite the full report.
    if (report !== null)
      writeFileSync(join(import.meta.dirname, '..', '..', 'docs', 'reliability.md'), report);
  };
}
