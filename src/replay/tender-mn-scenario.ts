/**
 * Reading the OCDS file the tender.gov.mn module derives its rows from: the releases of every process,
 * and each process compiled with the OCDS merge rules.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idOf(value: unknown): string | null {
  const id = isObject(value) ? value['id'] : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * The OCDS merge rules the scenario needs (schema/merging): objects merge field by field, `null` removes a
 * field, arrays of objects with ids merge by id, other arrays are replaced. The replay server may not import
 * the gateway's own merge (it sits below every layer); `tests/sources/tender-mn` checks that both agree on
 * every served process.
 */
function merge(prior: unknown, input: unknown): unknown {
  if (isObject(input)) {
    const out: JsonObject = isObject(prior) ? { ...prior } : {};
    for (const [key, value] of Object.entries(input)) {
      if (value === null) delete out[key];
      else if (value !== undefined) out[key] = merge(out[key], value);
    }
    return out;
  }
  if (Array.isArray(input)) {
    const identified = (a: readonly unknown[]): boolean => a.every((e) => idOf(e) !== null);
    // "If the array is empty in input, do nothing" to an identifier-merged array.
    if (input.length === 0) return Array.isArray(prior) && prior.length > 0 && identified(prior) ? prior : [];
    if (!identified(input)) return input;
    const out = Array.isArray(prior) ? [...(prior as unknown[])] : [];
    for (const element of input) {
      const at = out.findIndex((e) => idOf(e) === idOf(element));
      if (at === -1) out.push(merge(undefined, element));
      else out[at] = merge(out[at], element);
    }
    return out;
  }
  return input;
}

/** Compiles releases given oldest first; `id`, `date` and `tag` are left out, as the merge rules say. */
export function compile(releases: readonly JsonObject[]): JsonObject {
  let compiled: unknown = {};
  for (const release of releases) {
    const rest: JsonObject = { ...release };
    for (const key of ['id', 'date', 'tag']) delete rest[key];
    compiled = merge(compiled, rest);
  }
  return compiled as JsonObject;
}

export const field = (o: unknown, key: string): unknown => (isObject(o) ? o[key] : undefined);
export const text = (o: unknown, key: string): string | null => {
  const v = field(o, key);
  return typeof v === 'string' ? v : null;
};
export const list = (o: unknown, key: string): unknown[] => {
  const v = field(o, key);
  return Array.isArray(v) ? (v as unknown[]) : [];
};
export const amountOf = (o: unknown, key: string): number | null => {
  const v = field(field(o, key), 'amount');
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/**
 * Parses an OCDS date. A date-time without an offset is read as UTC, so that the derived ids never depend
 * on the machine's time zone.
 */
export function parseOcdsDate(value: string): number {
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
  return Date.parse(value.includes('T') && !hasZone ? `${value}Z` : value);
}

/** The full releases inside one parsed document: a release, a release or record package, or an array. */
function releasesIn(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(releasesIn);
  if (!isObject(value)) return [];
  if (Array.isArray(value['records']))
    return value['records'].flatMap((r) => releasesIn(field(r, 'releases')));
  if (Array.isArray(value['releases'])) return releasesIn(value['releases']);
  return typeof value['ocid'] === 'string' && typeof value['id'] === 'string' ? [value] : [];
}

/**
 * The releases of every process in an OCDS file (one JSON document or JSON Lines, gzipped or not), oldest
 * first per ocid; the first copy of an (ocid, id) pair wins, as publishers repeat releases. Linked releases
 * and compiled releases are skipped: the module compiles full releases itself.
 */
export async function readProcesses(path: string): Promise<Map<string, JsonObject[]>> {
  let bytes: Buffer;
  try {
    const raw = await readFile(path);
    // Gzip is detected by its magic bytes (RFC 1952 §2.3.1), never by the file name.
    bytes = raw[0] === 0x1f && raw[1] === 0x8b ? await gunzipAsync(raw) : raw;
  } catch (e: unknown) {
    throw new Error(`Cannot read the OCDS file ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const content = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let documents: unknown[];
  try {
    documents = [JSON.parse(content) as unknown];
  } catch {
    documents = content.split(/\r?\n/).flatMap((line, i) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        throw new Error(`${path} is neither one JSON document nor JSON Lines: line ${i + 1} does not parse.`);
      }
    });
  }
  const byOcid = new Map<string, JsonObject[]>();
  const seen = new Set<string>();
  for (const release of documents.flatMap(releasesIn)) {
    const ocid = String(release['ocid']);
    const key = `${ocid}\u0000${String(release['id'])}`;
    const date = text(release, 'date');
    if (seen.has(key) || date === null || Number.isNaN(parseOcdsDate(date))) continue;
    seen.add(key);
    byOcid.set(ocid, [...(byOcid.get(ocid) ?? []), release]);
  }
  for (const releases of byOcid.values())
    releases.sort((a, b) => parseOcdsDate(String(a['date'])) - parseOcdsDate(String(b['date'])));
  return byOcid;
}
