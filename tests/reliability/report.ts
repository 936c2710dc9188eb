/**
 * The reliability report's recorder. Every matrix test records what it observed (status, codes,
 * upstream calls, whether the response was lost); property and load tests record their run counts.
 * Records are written one file each under `.reliability/` (test files run in separate processes);
 * `global-setup.ts` clears the folder before the run, and `npm run docs:reliability` renders
 * `docs/reliability-report.md` from them when every row of docs/reliability.md §12a and §12b has been
 * recorded (`write-report.ts`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_DIR = join(import.meta.dirname, '..', '..', '.reliability');

/** One case of the §12a (bad client inputs) or §12b (upstream faults) matrix, as observed. */
export interface MatrixRecord {
  readonly table: '12a' | '12b';
  /** The row number in docs/reliability.md (§12a or §12b). */
  readonly row: number;
  /** What was tried, in a few words (Markdown allowed, no pipes). */
  readonly case: string;
  /** HTTP status observed (0 when no response arrived). */
  readonly status: number;
  /** `errors[].extensions.code` values observed, in order, duplicates removed. */
  readonly codes: readonly string[];
  /** Upstream requests the replay server received for this case. */
  readonly upstreamCalls: number;
  /** The freshness observed on the affected field, e.g. `FALLBACK / UPSTREAM_ERROR`, or `—`. */
  readonly freshness?: string;
  /** True when the client got no well-formed GraphQL (or HTTP error) response. */
  readonly lost: boolean;
}

/** A property or load run: how many inputs were generated or requests sent, and how many were lost. */
export interface RunRecord {
  readonly kind: 'property' | 'load';
  readonly name: string;
  /** Generated inputs, or requests sent. */
  readonly tried: number;
  /** Responses that were not well-formed, 5xx for a field-level fault, or never arrived. */
  readonly lost: number;
  /** Anything else worth a column: faults injected, peak upstream concurrency, RSS growth… */
  readonly detail: string;
}

function write(prefix: string, record: object): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const text = JSON.stringify(record);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  writeFileSync(join(RESULTS_DIR, `${prefix}-${id}.json`), text);
}

/** Records one matrix case. */
export function recordCase(record: MatrixRecord): void {
  write(`${record.table}-${String(record.row).padStart(2, '0')}`, {
    ...record,
    codes: [...new Set(record.codes)],
  });
}

/** Records one property or load run. */
export function recordRun(record: RunRecord): void {
  write(record.kind, record);
}

/** The distinct `errors[].extensions.code` values of a GraphQL response body, in order. */
export function codesOf(body: unknown): string[] {
  const errors = (body as { errors?: { extensions?: { code?: unknown } }[] } | null)?.errors ?? [];
  const codeOf = (code: unknown) =>
    typeof code === 'string' ? code : code === undefined || code === null ? 'NONE' : JSON.stringify(code);
  return [...new Set(errors.map((e) => codeOf(e.extensions?.code)))];
}
