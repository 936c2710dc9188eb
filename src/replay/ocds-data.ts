/**
 * Loads OCDS files into one index, once, at start-up. Accepts every way OCDS data is published
 * (OCDS 1.1 "Packaging data"): release packages, record packages (with or without `compiledRelease`),
 * single releases or records, or a JSON array of any of those, as one JSON document or JSON Lines, gzipped
 * or not, in UTF-8, UTF-16 with a byte-order mark, or ISO-8859-1 (`decodeFileText`).
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { OcdsFileSpec } from './types.js';

const gunzipAsync = promisify(gunzip);

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** Publication metadata of one package (or of a file's bare releases and records, which have none). */
export interface SourceMeta {
  readonly path: string;
  readonly publisher?: unknown;
  readonly license?: unknown;
  readonly publicationPolicy?: unknown;
  /**
   * The OCDS version a package declares, `null` when it declares none (OCDS 1.0 by the standard's rule);
   * absent for a file's bare releases and records, which say nothing of it.
   */
  readonly version?: string | null;
}

/** The sort key of a release: newest first by date, then by `id`, then by `ocid`, so the order is total. */
export interface ReleaseKey {
  readonly dateMs: number;
  readonly id: string;
  readonly ocid: string;
}

/** A full release with what the index needs to find, order and attribute it. */
export interface IndexedRelease extends ReleaseKey {
  readonly release: JsonObject;
  /** The release's `date`, as published; `''` when it has no valid one. */
  readonly date: string;
  /** Index into `OcdsDataset.sources`. */
  readonly source: number;
}

/** Everything known about one contracting process. */
export interface OcidEntry {
  readonly ocid: string;
  /** Full releases, oldest first. */
  readonly releases: IndexedRelease[];
  /** Linked releases (`{url, date, tag}`) of a record, kept only to serve when no full release is known. */
  linked?: { readonly releases: readonly JsonObject[]; readonly source: number };
  compiled?: { readonly release: JsonObject; readonly source: number };
}

/** The loaded data set. */
export interface OcdsDataset {
  readonly sources: readonly SourceMeta[];
  /** Every full release, newest first (`compareNewestFirst`). */
  readonly releases: readonly IndexedRelease[];
  readonly byOcid: ReadonlyMap<string, OcidEntry>;
}

/** The sort date of a release without a valid `date`: after every dated one, outside any `since`. */
export const UNDATED_MS = Number.MIN_SAFE_INTEGER;

/** Orders releases newest first; ties on date fall back to `id`, then `ocid`, both descending. */
export function compareNewestFirst(a: ReleaseKey, b: ReleaseKey): number {
  if (a.dateMs !== b.dateMs) return b.dateMs - a.dateMs;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  if (a.ocid !== b.ocid) return a.ocid < b.ocid ? 1 : -1;
  return 0;
}

/**
 * Parses an OCDS date. A date-time without an offset is read as UTC: JavaScript would read it in the
 * machine's time zone, and the order of releases must not depend on where the tests run.
 */
export function parseOcdsDate(value: string): number {
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
  return Date.parse(value.includes('T') && !hasZone ? `${value}Z` : value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Gzip is detected by its magic bytes (RFC 1952 §2.3.1), never by the file name. */
function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** One JSON document, or JSON Lines when the whole text is not one document. */
function parseDocuments(text: string, path: string): { value: unknown; where: string }[] {
  try {
    return [{ value: JSON.parse(text) as unknown, where: path }];
  } catch {
    const documents: { value: unknown; where: string }[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        documents.push({ value: JSON.parse(line) as unknown, where: `${path} line ${i + 1}` });
      } catch (e: unknown) {
        const reason = e instanceof Error ? e.message : String(e);
        throw new Error(
          `${path} is neither one JSON document nor JSON Lines: line ${i + 1} does not parse (${reason}).`,
        );
      }
    });
    return documents;
  }
}

/** The Encoding standard's index-windows-1252 for bytes 0x80–0x9F (the other bytes are Latin-1's). */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * A file's text. A file has no `Content-Type` to declare its encoding, so it is read as the gateway reads
 * a body that declares none (src/upstream/charset.ts): in the encoding of its byte-order mark (UTF-8,
 * UTF-16 LE or BE; the mark is not text), else as UTF-8 — and, when the bytes are not well-formed UTF-8,
 * as windows-1252 (the encoding the `iso-8859-1` label names) rather than with replacement characters, the
 * legacy encoding of the real publisher's file in tests/fixtures/publishers/ (Mexico City, 2017). A file in
 * another legacy encoding (windows-1251) is converted to UTF-8 before it is named: nothing in it says which.
 */
export function decodeFileText(bytes: Uint8Array): string {
  const mark =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? 'utf-8'
      : bytes[0] === 0xff && bytes[1] === 0xfe
        ? 'utf-16le'
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? 'utf-16be'
          : null;
  // TextDecoder drops a mark of its own encoding (its default `ignoreBOM: false`).
  if (mark !== null) return new TextDecoder(mark).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Node 20's decoder reads windows-1252 as Latin-1 (0x80–0x9F as C1 controls): corrected by the table.
    return new TextDecoder('windows-1252')
      .decode(bytes)
      .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] as string);
  }
}

async function readDocuments(path: string): Promise<{ value: unknown; where: string }[]> {
  const raw = await readFile(path).catch((e: unknown) => {
    throw new Error(`Cannot read the OCDS file ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  });
  const bytes = isGzip(raw) ? await gunzipAsync(raw) : raw;
  return parseDocuments(decodeFileText(bytes), path);
}

/** Builds the index while files are read; `finish` sorts it. */
class DatasetBuilder {
  readonly sources: SourceMeta[] = [];
  private readonly releases: IndexedRelease[] = [];
  private readonly byOcid = new Map<string, OcidEntry>();
  private readonly seen = new Set<string>();

  addSource(meta: SourceMeta): number {
    this.sources.push(meta);
    return this.sources.length - 1;
  }

  private entry(ocid: string): OcidEntry {
    let entry = this.byOcid.get(ocid);
    if (entry === undefined) {
      entry = { ocid, releases: [] };
      this.byOcid.set(ocid, entry);
    }
    return entry;
  }

  /**
   * Adds a full release; the first copy of an (ocid, id) pair wins, as publishers repeat releases. A release
   * without an ocid, an id or a valid date is served all the same (a publisher's data, for the gateway to
   * judge): without an ocid it is in the listing only, without a date it sorts after every dated one
   * (outside any `since`), without an id it is never taken for another one.
   */
  addRelease(value: unknown, where: string, source: number, notice: string | undefined): void {
    if (!isObject(value)) throw new Error(`${where}: a release must be a JSON object.`);
    const { ocid, id, date } = value;
    const own = typeof ocid === 'string' ? ocid : '';
    const named = typeof id === 'string' || typeof id === 'number' ? String(id) : '';
    const parsed = typeof date === 'string' ? parseOcdsDate(date) : NaN;
    const key = named === '' ? `\u0001${this.releases.length}` : `${own}\u0000${named}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const indexed: IndexedRelease = {
      release: withNotice(value, notice),
      ocid: own,
      id: named,
      date: Number.isNaN(parsed) ? '' : (date as string),
      dateMs: Number.isNaN(parsed) ? UNDATED_MS : parsed,
      source,
    };
    this.releases.push(indexed);
    if (own !== '') this.entry(own).releases.push(indexed);
  }

  /** Adds a record: its full releases, or its linked releases, and its compiled release. */
  addRecord(value: unknown, where: string, source: number, notice: string | undefined): void {
    if (!isObject(value) || typeof value['ocid'] !== 'string' || value['ocid'] === '') {
      throw new Error(`${where}: a record must be an object with an "ocid" string.`);
    }
    const entry = this.entry(value['ocid']);
    const releases = Array.isArray(value['releases']) ? (value['releases'] as unknown[]) : [];
    const linked: JsonObject[] = [];
    releases.forEach((release, i) => {
      // A linked release (OCDS "Linked releases") points at a release by `url` and has no `id`.
      if (isObject(release) && typeof release['id'] !== 'string' && typeof release['url'] === 'string') {
        linked.push(release);
      } else {
        this.addRelease(release, `${where} releases[${i}]`, source, notice);
      }
    });
    if (linked.length > 0) entry.linked ??= { releases: linked, source };
    const compiled = value['compiledRelease'];
    if (isObject(compiled)) entry.compiled ??= { release: withNotice(compiled, notice), source };
  }

  finish(): OcdsDataset {
    this.releases.sort(compareNewestFirst);
    for (const entry of this.byOcid.values()) entry.releases.sort((a, b) => compareNewestFirst(b, a));
    return { sources: this.sources, releases: this.releases, byOcid: this.byOcid };
  }
}

function withNotice(release: JsonObject, notice: string | undefined): JsonObject {
  return notice === undefined || 'x_fictional' in release ? release : { ...release, x_fictional: notice };
}

function packageMeta(path: string, pkg: JsonObject): SourceMeta {
  const { publisher, license, publicationPolicy, version } = pkg;
  return {
    path,
    version: typeof version === 'string' ? version : null,
    ...(publisher !== undefined ? { publisher } : {}),
    ...(license !== undefined ? { license } : {}),
    ...(publicationPolicy !== undefined ? { publicationPolicy } : {}),
  };
}

/** Sorts one parsed document into the builder by what it is. */
function addDocument(
  builder: DatasetBuilder,
  doc: { value: unknown; where: string },
  spec: OcdsFileSpec,
  bareSource: () => number,
): void {
  const { value, where } = doc;
  const notice = spec.fictionalNotice;
  if (Array.isArray(value)) {
    // A JSON array of releases, records or packages: each element as if it were a document of its own.
    value.forEach((item, i) =>
      addDocument(builder, { value: item, where: `${where} [${i}]` }, spec, bareSource),
    );
    return;
  }
  if (isObject(value) && Array.isArray(value['records'])) {
    const source = builder.addSource(packageMeta(spec.path, value));
    value['records'].forEach((r, i) => builder.addRecord(r, `${where} records[${i}]`, source, notice));
  } else if (isObject(value) && Array.isArray(value['releases']) && typeof value['ocid'] !== 'string') {
    const source = builder.addSource(packageMeta(spec.path, value));
    value['releases'].forEach((r, i) => builder.addRelease(r, `${where} releases[${i}]`, source, notice));
  } else if (isObject(value) && typeof value['ocid'] === 'string' && Array.isArray(value['releases'])) {
    builder.addRecord(value, where, bareSource(), notice);
  } else if (isObject(value) && typeof value['ocid'] === 'string') {
    builder.addRelease(value, where, bareSource(), notice);
  } else {
    throw new Error(
      `${where} is not an OCDS release, release package, record or record package ` +
        '(it has none of "ocid", "releases" or "records").',
    );
  }
}

/** Reads every file and indexes its releases by ocid. Errors name the file and the line or position. */
export async function loadOcdsDataset(files: readonly OcdsFileSpec[]): Promise<OcdsDataset> {
  const builder = new DatasetBuilder();
  for (const spec of files) {
    const documents = await readDocuments(spec.path);
    // Bare releases and records of one file share one source without publication metadata.
    let bare: number | undefined;
    const bareSource = (): number => (bare ??= builder.addSource({ path: spec.path }));
    for (const doc of documents) addDocument(builder, doc, spec, bareSource);
  }
  return builder.finish();
}
