/**
 * vitest global setup: clears the reliability records before the run, so that the records left in
 * `.reliability/` afterwards are this run's only. Nothing is written into the repository here: the
 * report is rendered by `npm run docs:reliability` (`write-report.ts`).
 */
import { rmSync } from 'node:fs';
import { RESULTS_DIR } from './report.js';

export function setup(): void {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
}
