import { fileURLToPath } from 'node:url';
import type { OcdsFileSpec } from './types.js';

/** The notice injected into the OCDS standard's fictional example, whose releases carry none. */
export const OCDS_EXAMPLE_NOTICE =
  'Official fictional example from the OCDS standard (open-contracting/sample-data, BSD-3-Clause); ' +
  'it describes no real process.';

/** Resolved from this module's location, so the data is found from any working directory. */
function dataFile(relative: string): string {
  return fileURLToPath(new URL(`../../data/procurement/${relative}`, import.meta.url));
}

/**
 * The data served by default (absolute paths):
 * - the OCDS standard's fictional example: its release package (the six full releases) and its record
 *   package (whose releases are only links, but which carries the published `compiledRelease`);
 * - the fictional Mongolian scenario of `scripts/generate-scenario.ts` (its releases carry `x_fictional`).
 */
export const EMBEDDED_OCDS_FILES: readonly OcdsFileSpec[] = Object.freeze([
  Object.freeze({
    path: dataFile('ocds-example/ocds-213czf-000-00001.json'),
    fictionalNotice: OCDS_EXAMPLE_NOTICE,
  }),
  Object.freeze({
    path: dataFile('ocds-example/record-ocds-213czf-000-00001.json'),
    fictionalNotice: OCDS_EXAMPLE_NOTICE,
  }),
  Object.freeze({ path: dataFile('mn-scenario/releases.jsonl.gz') }),
]);
