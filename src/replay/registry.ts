/**
 * The legal-entity registry upstream (`/registry`): the daily bulk dump of the register (dataset 6686 on
 * opendata.gov.mn), the per-entity pages of opendata.burtgel.gov.mn and BODS 0.4 ownership statements.
 * Every body is built once, when the module is created; see README.md ("Registry") for the shapes.
 */
import type { ReplayRequest, ReplayResponse } from './http.js';
import { errorResponse, methodNotAllowed, unknownPath } from './http.js';
import {
  BODS_EXAMPLE_NOTICE,
  EMBEDDED_BODS_EXAMPLES,
  EMBEDDED_FICTIONAL_FILE,
  EMBEDDED_REGISTER_FILE,
  loadRegistryData,
  type BodsFileSpec,
  type RegistryData,
  type RegistryDataSpec,
} from './registry-data.js';
import { entityPage, notFoundPage } from './registry-html.js';
import type { RouteModule } from './router.js';

/** Path prefix of the registry module. */
export const REGISTRY_PREFIX = '/registry';

/** `Cache-Control: max-age` of every registry answer: the register is published daily. */
export const REGISTRY_MAX_AGE_SECONDS = 86_400;

/** Options of the registry module; every field is optional and defaults to the embedded data. */
export interface RegistryReplayOptions {
  /**
   * The register extract: `name|legal form|register number` lines, gzip or plain. Default: the real
   * extract `data/registry/mongolian_company_names.full.psv.gz`.
   */
  readonly registerFile?: string;
  /** Fictional companies (`data/registry/fictional/companies.json` shape); `null` for none. */
  readonly fictionalFile?: string | null;
  /**
   * BODS 0.4 files (a JSON array of statements, or JSON Lines) served in `ownership.jsonl` before the
   * fictional companies' statements. Default: the official BODS 0.4 examples, marked with
   * `x_fictional`.
   */
  readonly ownershipFiles?: readonly (string | BodsFileSpec)[];
  /**
   * `Last-Modified` of the dump and the pages (epoch ms or an ISO date). Default: the extract's snapshot
   * date (2019-03-27) for the embedded extract, the file's mtime for another one.
   */
  readonly lastModified?: number | string;
}

function resolve(options: RegistryReplayOptions | undefined): RegistryDataSpec {
  const o = options ?? {};
  const files =
    o.ownershipFiles ??
    EMBEDDED_BODS_EXAMPLES.map((path) => ({ path, fictionalNotice: BODS_EXAMPLE_NOTICE }));
  const ownershipFiles = files.map((f, i): BodsFileSpec => {
    const spec = typeof f === 'string' ? { path: f } : f;
    if (typeof spec.path !== 'string' || spec.path === '')
      throw new Error(`RegistryReplayOptions.ownershipFiles[${i}] must name a file.`);
    return spec;
  });
  if (o.registerFile !== undefined && (typeof o.registerFile !== 'string' || o.registerFile === ''))
    throw new Error('RegistryReplayOptions.registerFile must be a non-empty path when given.');
  let lastModified: number | null = null;
  if (o.lastModified !== undefined) {
    lastModified = typeof o.lastModified === 'number' ? o.lastModified : Date.parse(o.lastModified);
    if (!Number.isFinite(lastModified))
      throw new Error(
        `RegistryReplayOptions.lastModified must be epoch milliseconds or an ISO date, but got ${String(o.lastModified)}.`,
      );
  }
  return {
    registerFile: o.registerFile ?? EMBEDDED_REGISTER_FILE,
    fictionalFile: o.fictionalFile === undefined ? EMBEDDED_FICTIONAL_FILE : o.fictionalFile,
    ownershipFiles,
    lastModified,
  };
}

/**
 * Built data per distinct spec, shared by every server of the process: the embedded register takes a few
 * hundred milliseconds to turn into its dump, and test files start many servers.
 */
const built = new Map<string, Promise<RegistryData>>();

function load(spec: RegistryDataSpec): Promise<RegistryData> {
  const key = JSON.stringify(spec);
  let data = built.get(key);
  if (data === undefined) {
    data = loadRegistryData(spec);
    built.set(key, data);
    // A failed load is not remembered: the next server retries (the file may have been fixed).
    void data.catch(() => built.delete(key));
  }
  return data;
}

const HTML = 'text/html; charset=utf-8';

function text(
  status: number,
  contentType: string,
  body: string,
  lastModified: number | null,
): ReplayResponse {
  return {
    status,
    body: { type: 'text', contentType, text: body },
    ...(status === 200 ? { cache: { lastModified, maxAgeSeconds: REGISTRY_MAX_AGE_SECONDS } } : {}),
  };
}

function handle(data: RegistryData, request: ReplayRequest): ReplayResponse {
  const path = request.path.slice(REGISTRY_PREFIX.length);
  const known = path === '/dump.json' || path === '/ownership.jsonl' || /^\/lesinfo\/[^/]+$/.test(path);
  if (!known) return unknownPath(request.path);
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return methodNotAllowed(request.method, ['GET', 'HEAD']);
  if (path === '/dump.json')
    return text(200, 'application/json; charset=utf-8', data.dumpText, data.dumpLastModified);
  if (path === '/ownership.jsonl')
    return text(200, 'application/x-ndjson; charset=utf-8', data.ownershipText, data.ownershipLastModified);
  let n: string;
  try {
    n = decodeURIComponent(path.slice('/lesinfo/'.length));
  } catch {
    return errorResponse(400, `The path ${request.path} is not valid percent-encoding.`);
  }
  // The number is only ever used as a map key and as escaped text.
  const entity = data.entities.get(n);
  if (entity === undefined) return text(404, HTML, notFoundPage(n), null);
  const page = entityPage(entity, data.shareholders.get(n) ?? [], data.fictionalNotice);
  return text(200, HTML, page, data.dumpLastModified);
}

/**
 * The registry route module, with its data loaded. Rejects with a sentence naming the file when a data
 * file cannot be read or breaks its shape.
 */
export async function createRegistryModule(options?: RegistryReplayOptions): Promise<readonly RouteModule[]> {
  const data = await load(resolve(options));
  return [{ name: 'registry', prefix: REGISTRY_PREFIX, handle: (request) => handle(data, request) }];
}
