import type { Fetched } from '../../domain/freshness.js';
import type { InvestmentProject } from '../../domain/investment.js';
import { describeIssues, type UpstreamSource } from '../../upstream/index.js';
import { toProjects } from './map.js';
import { ProjectPackageSchema } from './payload.js';

/** Path of the project package relative to `INVESTMENT_URL`. */
export const PROJECTS_PATH = 'projects.json';

/** The decoded package: what the cache stores, so mapping runs once per upstream body. */
interface DecodedPackage {
  readonly projects: readonly InvestmentProject[];
  /** When the publisher says the package last changed: `publishedDate`, else the newest `updated`. */
  readonly updatedAt: string | null;
}

/** Lookup tables over one decoded package. */
interface Indexes {
  readonly byId: ReadonlyMap<string, InvestmentProject>;
  readonly byOcid: ReadonlyMap<string, readonly InvestmentProject[]>;
  readonly byRegisterNumber: ReadonlyMap<string, readonly InvestmentProject[]>;
}

function decodePackage(json: unknown): DecodedPackage {
  const parsed = ProjectPackageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`project package: ${describeIssues(parsed.error)}`);
  const projects = Object.freeze(toProjects(parsed.data));
  const newest = projects
    .map((p) => p.updated)
    .filter((u): u is string => u !== null)
    .reduce<string | null>((a, b) => (a === null || Date.parse(b) > Date.parse(a) ? b : a), null);
  return { projects, updatedAt: parsed.data.publishedDate ?? newest };
}

/** Groups projects under every key `keysOf` gives, each project once per key, in package order. */
function group(
  projects: readonly InvestmentProject[],
  keysOf: (p: InvestmentProject) => Iterable<string | null>,
): ReadonlyMap<string, readonly InvestmentProject[]> {
  const groups = new Map<string, InvestmentProject[]>();
  for (const project of projects) {
    for (const key of new Set(keysOf(project))) {
      if (key === null) continue;
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [project]);
      else list.push(project);
    }
  }
  for (const list of groups.values()) Object.freeze(list);
  return groups;
}

function buildIndexes(projects: readonly InvestmentProject[]): Indexes {
  return {
    byId: new Map(projects.map((p) => [p.id, p])),
    byOcid: group(projects, (p) => p.contractingProcesses.map((c) => c.ocid)),
    byRegisterNumber: group(projects, (p) => p.parties.map((party) => party.registerNumber)),
  };
}

/**
 * Client of an OC4IDS 0.9.4 project publication (`INVESTMENT_URL`; embedded: the replay server's
 * `/investment`). No public API of publicinvestment.gov.mn is known (docs/upstreams.md "OC4IDS projects"), so the client reads
 * the one form every OC4IDS publisher can offer: the whole project package as one JSON file,
 * `GET {INVESTMENT_URL}/projects.json`, through the cache (validators, stale-while-revalidate,
 * stale-if-error). Every call answers from that one cached body; projects are mapped once per body and the
 * join indexes built once per body, on first use.
 */
export class InvestmentClient {
  /** Keyed by the cached body's decoded value, so indexes go when the cache lets the body go. */
  readonly #indexes = new WeakMap<DecodedPackage, Indexes>();

  constructor(private readonly upstream: UpstreamSource) {}

  /** Every project of the package (one cached GET), mapped; memoised per cached body. */
  async projects(): Promise<Fetched<readonly InvestmentProject[]>> {
    const { value, freshness } = await this.#package();
    return { value: value.projects, freshness };
  }

  /** Project id → project, built once per cached body. */
  async byId(): Promise<Fetched<ReadonlyMap<string, InvestmentProject>>> {
    return this.#index('byId');
  }

  /** Contracting-process ocid → the projects that link it, built once per cached body. */
  async byOcid(): Promise<Fetched<ReadonlyMap<string, readonly InvestmentProject[]>>> {
    return this.#index('byOcid');
  }

  /** MN-CR register number of any party → the projects it takes part in, built once per cached body. */
  async byRegisterNumber(): Promise<Fetched<ReadonlyMap<string, readonly InvestmentProject[]>>> {
    return this.#index('byRegisterNumber');
  }

  async #index<K extends keyof Indexes>(key: K): Promise<Fetched<Indexes[K]>> {
    const { value, freshness } = await this.#package();
    let indexes = this.#indexes.get(value);
    if (indexes === undefined) {
      indexes = buildIndexes(value.projects);
      this.#indexes.set(value, indexes);
    }
    return { value: indexes[key], freshness };
  }

  #package(): Promise<Fetched<DecodedPackage>> {
    return this.upstream.fetch({
      url: this.upstream.url(PROJECTS_PATH),
      decode: decodePackage,
      sourceUpdatedAt: (value) => value.updatedAt,
    });
  }
}
