/**
 * The public investment route module (`/investment`): an OC4IDS 0.9.4 project package.
 *
 * No public API of publicinvestment.gov.mn or ODAMIS is known (docs/upstreams.md "OC4IDS projects"), so these paths are the
 * gateway's own convention for an OC4IDS publication, not a known upstream API: a bulk file, as OC4IDS
 * publishers commonly offer, and one project per URL.
 *
 *   GET /investment/projects.json     the whole project package
 *   GET /investment/projects/{id}     a project package holding one project
 */
import { stringifyAmounts, type DriftVariant } from './drift.js';
import type { ReplayRequest, ReplayResponse } from './http.js';
import { errorResponse, jsonResponse, methodNotAllowed, unknownPath } from './http.js';
import type { InvestmentDataset, JsonObject } from './investment-data.js';
import { EMBEDDED_INVESTMENT_FILE, dateMs, loadInvestmentDataset } from './investment-data.js';
import type { RouteModule } from './router.js';

/** Path prefix of the module. */
export const INVESTMENT_PREFIX = '/investment';

/** `Cache-Control: max-age` of every investment response: project records change by the day, not the minute. */
export const INVESTMENT_MAX_AGE_SECONDS = 3600;

/** Options of the module. */
export interface InvestmentReplayOptions {
  /** An OC4IDS project package (JSON) to serve; default the fictional Mongolian projects. */
  readonly dataFile?: string;
  /** Set as `x_fictional` on every project that carries none (e.g. for the OC4IDS worked example). */
  readonly fictionalNotice?: string;
  /**
   * For tests of a harvest: a holder the test keeps. Setting its `package` publishes a new edition of the
   * package (projects changed, added or removed), served from the next request on with new validators;
   * `null` serves the loaded file again.
   */
  readonly edition?: InvestmentEdition;
}

/** What the bulk path serves instead of the loaded file, while `package` is set (see `edition`). */
export interface InvestmentEdition {
  package: JsonObject | null;
}

const ALLOWED_METHODS = ['GET', 'HEAD'] as const;

/** Package fields a one-project package repeats from the bulk package (all but `uri` and `projects`). */
const PACKAGE_FIELDS = [
  'version',
  'publishedDate',
  'publisher',
  'license',
  'publicationPolicy',
  'x_fictional',
];

type Route = { kind: 'bulk' } | { kind: 'project'; segment: string };

function matchRoute(path: string): Route | undefined {
  const rest = path.slice(INVESTMENT_PREFIX.length);
  if (rest === '/projects.json') return { kind: 'bulk' };
  const segment = /^\/projects\/([^/]+)$/.exec(rest)?.[1];
  return segment === undefined ? undefined : { kind: 'project', segment };
}

function cacheable(lastModified: number | null): NonNullable<ReplayResponse['cache']> {
  return { lastModified, maxAgeSeconds: INVESTMENT_MAX_AGE_SECONDS };
}

/** The package as published; its `uri` is the publisher's identifier of the package, so it is kept. */
function bulk(data: InvestmentDataset): ReplayResponse {
  return jsonResponse(200, data.package, { cache: cacheable(data.publishedMs) });
}

/** A package with one project; the project id is only ever a map key. */
function oneProject(data: InvestmentDataset, request: ReplayRequest, segment: string): ReplayResponse {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return errorResponse(400, 'The project id in the path is not valid percent-encoding.');
  }
  const project = data.byId.get(id);
  if (project === undefined) {
    return errorResponse(404, `No investment project with id ${JSON.stringify(id)} on the replay server.`);
  }
  const meta = Object.fromEntries(
    PACKAGE_FIELDS.filter((k) => k in data.package).map((k) => [k, data.package[k]]),
  );
  return jsonResponse(
    200,
    { uri: request.url, ...meta, projects: [project] },
    { cache: cacheable(dateMs(project['updated']) ?? data.publishedMs) },
  );
}

function handle(data: InvestmentDataset, request: ReplayRequest): ReplayResponse {
  const match = matchRoute(request.path);
  if (match === undefined) return unknownPath(request.path);
  if (!(ALLOWED_METHODS as readonly string[]).includes(request.method)) {
    return methodNotAllowed(request.method, ALLOWED_METHODS);
  }
  switch (match.kind) {
    case 'bulk':
      return bulk(data);
    case 'project':
      return oneProject(data, request, match.segment);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Drift: valid JSON, broken OC4IDS shape

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** An array turned into an object keyed by each item's `id` (its index when it has none). */
function keyedById(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(
    value.map((item: unknown, i) => {
      const key = isObject(item) ? item['id'] : undefined;
      return [typeof key === 'string' ? key : String(i), item];
    }),
  );
}

/** One mutation per variant; a `Record` over the union makes a missing variant a compile error. */
const DRIFTS: Readonly<Record<DriftVariant, (pkg: JsonObject, projects: readonly JsonObject[]) => void>> = {
  'number-as-string': (pkg) => stringifyAmounts(pkg),
  'missing-required': (_pkg, projects) => {
    for (const p of projects) delete p['id'];
  },
  'object-instead-of-array': (pkg, projects) => {
    for (const p of projects) if ('parties' in p) p['parties'] = keyedById(p['parties']);
    pkg['projects'] = keyedById(pkg['projects']);
  },
  'renamed-field': (pkg) => {
    pkg['data'] = pkg['projects'];
    delete pkg['projects'];
  },
  'wrong-type': (_pkg, projects) => {
    for (const p of projects) {
      if (Array.isArray(p['sector'])) p['sector'] = p['sector'].join(',');
      for (const party of objectsIn(p['parties']))
        if (Array.isArray(party['roles'])) party['roles'] = party['roles'].join(',');
    }
  },
};

/**
 * Breaks a project package the way upstreams drift (see the table in `src/replay/README.md`). Mutates
 * `value`, which the server has already copied.
 */
export function driftInvestment(value: unknown, variant: DriftVariant): unknown {
  if (isObject(value)) DRIFTS[variant](value, objectsIn(value['projects']));
  return value;
}

/** A package set through `InvestmentEdition` as a dataset (only what routing needs is read). */
function editionOf(pkg: JsonObject, path: string): InvestmentDataset {
  const byId = new Map<string, JsonObject>();
  for (const p of objectsIn(pkg['projects'])) if (typeof p['id'] === 'string') byId.set(p['id'], p);
  return { path, package: pkg, byId, publishedMs: dateMs(pkg['publishedDate']) };
}

/** The route modules, with their data loaded. */
export async function createInvestmentModule(
  options?: InvestmentReplayOptions,
): Promise<readonly RouteModule[]> {
  const data = await loadInvestmentDataset(
    options?.dataFile ?? EMBEDDED_INVESTMENT_FILE,
    options?.fictionalNotice,
  );
  const edition = options?.edition;
  let current: { readonly from: JsonObject | null; readonly data: InvestmentDataset } = { from: null, data };
  const served = (): InvestmentDataset => {
    const from = edition?.package ?? null;
    if (from !== current.from) current = { from, data: from === null ? data : editionOf(from, data.path) };
    return current.data;
  };
  return [
    {
      name: 'investment',
      prefix: INVESTMENT_PREFIX,
      handle: (request) => handle(served(), request),
      drift: driftInvestment,
    },
  ];
}
