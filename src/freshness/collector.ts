import {
  ageSeconds,
  isStale,
  type Freshness,
  type HarvestStatus,
  type Recording,
  type SourceName,
} from '../domain/freshness.js';

/** A GraphQL response path as graphql-js hands it to resolvers (`info.path`). */
export interface ResponsePath {
  readonly prev: ResponsePath | undefined;
  readonly key: string | number;
}

/** `extensions.freshness` of a response. */
export interface FreshnessExtension {
  /** One summary per source the response used. */
  readonly sources: readonly SourceSummary[];
  /** One entry per distinct upstream record, with every response path it backs. */
  readonly records: readonly RecordSummary[];
}

export interface SourceSummary {
  readonly source: SourceName;
  /** The oldest `fetchedAt` among the records used. */
  readonly oldestFetchedAt: string;
  readonly maxAgeSeconds: number;
  /** The age of the oldest record. */
  readonly ageSeconds: number;
  readonly stale: boolean;
  readonly records: number;
  /**
   * What the source's embedded recording was taken from, and when, when the embedded replay server
   * served it (record `url`s are then loopback addresses); `null` for a configured upstream. Said once
   * per source: every record of one source shares it.
   */
  readonly recording: Recording | null;
  /**
   * When something of this source was served from the store: its harvest (complete or partial, running
   * or not, how far it has got), times as ISO strings; `null` when everything was read live.
   */
  readonly harvest: HarvestSummary | null;
}

/** A source's harvest as `extensions.freshness` says it (the GraphQL `Harvest` type, with ISO times). */
export interface HarvestSummary {
  readonly state: HarvestStatus['state'];
  readonly complete: boolean;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly confirmedAt: string | null;
  readonly pages: number;
  readonly records: number;
  readonly datasetDate: string | null;
  readonly lastError: string | null;
  /** Releases left out because they cannot be used; null where the source has no such check. */
  readonly quarantined: number | null;
}

export interface RecordSummary {
  readonly source: SourceName;
  readonly url: string;
  readonly paths: readonly string[];
  readonly fetchedAt: string;
  readonly sourceUpdatedAt: string | null;
  readonly ageSeconds: number;
  readonly maxAgeSeconds: number;
  readonly stale: boolean;
  readonly staleReason: string | null;
  readonly cache: string;
}

/** A response path's segment in the collector's tree: what was recorded there, and what lies below. */
interface PathNode {
  freshness: Freshness | undefined;
  children: Map<string | number, PathNode> | undefined;
  /** The response path as a string (`contractingProcesses.nodes.3.buyer`), made once, when it is created. */
  readonly path: string;
}

/**
 * Collects, for one request, which response path was backed by which upstream record. A resolver
 * that hands out an upstream read returns it as `sourced(read)`, and the schema's field wrapper
 * (resolvers/sourced.ts) calls `record(info.path, freshness)`; any object below that path reports the
 * same freshness through `lookup` (a scalar's freshness is its object's: docs/architecture.md
 * "Freshness model").
 * Records sit in a tree keyed by path segments, so that a path is found by what it says, whichever
 * executor made it: graphql-js shares a parent's path object among its children, graphql-jit builds a
 * new chain for each resolver call (src/http/execute.ts). Nodes are made only where something is
 * recorded; a lookup walks the segments with no allocation beyond a reused array.
 */
export class FreshnessCollector {
  readonly #root: PathNode = { freshness: undefined, children: undefined, path: '' };
  /** Every node with a record, in the order first recorded. */
  readonly #recorded: PathNode[] = [];
  /** The segments of the path being looked up, leaf first (reused: lookups never overlap). */
  readonly #segments: (string | number)[] = [];
  /** False once the response shows something a later execution could show differently. */
  #replayable = true;
  /** The earliest moment (epoch ms) at which an age shown in the response changes. */
  #until = Infinity;

  /** `startedAt`: when the request began executing; every age it shows was computed after it. */
  constructor(readonly startedAt: number = Date.now()) {}

  /**
   * Notes a freshness value shown in the response. The response could be replayed byte for byte only
   * while each such value reads the same: a cache `HIT`, fresh and cacheable, until its age ticks over.
   */
  observe(f: Freshness): void {
    if (!this.#replayable) return;
    const age = ageSeconds(f, this.startedAt);
    if (f.cache !== 'HIT' || !f.cacheable || f.staleReason !== null || age > f.maxAgeSeconds) {
      this.#replayable = false;
      return;
    }
    const tick = f.fetchedAt + (age + 1) * 1000;
    if (tick < this.#until) this.#until = tick;
  }

  /** Notes that the response shows something that changes without any upstream load (health, clocks). */
  volatile(): void {
    this.#replayable = false;
  }

  /**
   * Until when (epoch ms) the response executed from `startedAt` reads exactly as a new execution
   * would, or `null` when it must not be replayed at all (nothing upstream used, or a value that was
   * not a fresh cache hit, or something volatile).
   */
  replayableUntil(): number | null {
    if (this.empty) return null;
    for (const f of this.#all()) this.observe(f);
    return this.#replayable ? this.#until : null;
  }

  /** Notes that the value at `path` came from the upstream record described by `freshness`. */
  record(path: ResponsePath, freshness: Freshness): void {
    this.#set(this.#node(path), freshness);
  }

  /**
   * Notes that item `index` of the list at `list` came from its own record (a resolver returning a list
   * sees only the list's path; the executor makes the items' paths later).
   */
  recordItem(list: ResponsePath, index: number, freshness: Freshness): void {
    this.#set(child(this.#node(list), index), freshness);
  }

  /** The freshness recorded at `path` or its nearest ancestor; `null` when none was recorded. */
  lookup(path: ResponsePath): Freshness | null {
    if (this.empty) return null;
    const segments = this.#segments;
    segments.length = 0;
    for (let p: ResponsePath | undefined = path; p !== undefined; p = p.prev) segments.push(p.key);
    let node: PathNode | undefined = this.#root;
    let found: Freshness | null = null;
    for (let i = segments.length - 1; i >= 0 && node !== undefined; i--) {
      node = node.children?.get(segments[i]!);
      if (node?.freshness !== undefined) found = node.freshness;
    }
    return found;
  }

  #set(node: PathNode, freshness: Freshness): void {
    if (node.freshness === undefined) this.#recorded.push(node);
    node.freshness = freshness;
  }

  /** The node for `path`, made with its ancestors where missing. */
  #node(path: ResponsePath): PathNode {
    return child(path.prev === undefined ? this.#root : this.#node(path.prev), path.key);
  }

  /**
   * Every record with its response path, in path order: what resolved first depends on timing and on
   * the executor, the summary does not.
   */
  #entries(): [string, Freshness][] {
    return this.#recorded
      .map((n): [string, Freshness] => [n.path, n.freshness!])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Every record. */
  *#all(): Generator<Freshness> {
    for (const n of this.#recorded) yield n.freshness!;
  }

  /** Whether anything was recorded. */
  get empty(): boolean {
    return this.#recorded.length === 0;
  }

  /**
   * Seconds the whole response may be cached: the smallest remaining lifetime among the records
   * used, or `null` (meaning `no-store`) when a record was stale or uncacheable, or nothing was used.
   */
  maxAge(now: number): number | null {
    if (this.empty) return null;
    let min = Infinity;
    for (const f of this.#all()) {
      if (!f.cacheable || isStale(f, now)) return null;
      min = Math.min(min, f.maxAgeSeconds - ageSeconds(f, now));
    }
    return min;
  }

  /** The `extensions.freshness` summary at `now`. */
  summary(now: number): FreshnessExtension {
    // One entry per distinct upstream record: equal freshness values count as one, whoever built them.
    const records = new Map<string, { f: Freshness; paths: string[] }>();
    for (const [path, f] of this.#entries()) {
      const key = `${f.source} ${f.url} ${f.fetchedAt} ${f.cache} ${f.staleReason ?? ''}`;
      const entry = records.get(key);
      if (entry === undefined) records.set(key, { f, paths: [path] });
      else entry.paths.push(path);
    }
    const bySource = new Map<
      SourceName,
      { oldest: Freshness; stale: boolean; records: number; harvest: HarvestStatus | null }
    >();
    const recordList: RecordSummary[] = [];
    for (const { f, paths } of records.values()) {
      const stale = isStale(f, now);
      recordList.push({
        source: f.source,
        url: f.url,
        paths: paths.sort(),
        fetchedAt: new Date(f.fetchedAt).toISOString(),
        sourceUpdatedAt: f.sourceUpdatedAt,
        ageSeconds: ageSeconds(f, now),
        maxAgeSeconds: f.maxAgeSeconds,
        stale,
        staleReason: stale ? (f.staleReason ?? 'REVALIDATING') : null,
        cache: f.cache,
      });
      const s = bySource.get(f.source);
      if (s === undefined)
        bySource.set(f.source, { oldest: f, stale, records: 1, harvest: f.harvest ?? null });
      else {
        if (f.fetchedAt < s.oldest.fetchedAt) s.oldest = f;
        s.stale ||= stale;
        s.records += 1;
        // A list's harvest status (partial or complete) outranks one record's.
        if (f.harvest != null && (s.harvest === null || !f.harvest.complete)) s.harvest = f.harvest;
      }
    }
    const sources = [...bySource].map(([source, s]) => ({
      source,
      oldestFetchedAt: new Date(s.oldest.fetchedAt).toISOString(),
      maxAgeSeconds: s.oldest.maxAgeSeconds,
      ageSeconds: ageSeconds(s.oldest, now),
      stale: s.stale,
      records: s.records,
      recording: s.oldest.recording,
      harvest: s.harvest === null ? null : harvestSummary(s.harvest),
    }));
    return {
      sources,
      records: recordList.sort((a, b) => (a.paths[0] ?? '').localeCompare(b.paths[0] ?? '')),
    };
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function harvestSummary(h: HarvestStatus): HarvestSummary {
  return {
    state: h.state,
    complete: h.complete,
    startedAt: iso(h.startedAt),
    completedAt: iso(h.completedAt),
    confirmedAt: iso(h.confirmedAt),
    pages: h.pages,
    records: h.records,
    datasetDate: h.datasetDate,
    lastError: h.lastError,
    quarantined: h.quarantined ?? null,
  };
}

/** `contractingProcesses.edges.3.node` */
/** The child of `node` at segment `key`, made when missing. */
function child(node: PathNode, key: string | number): PathNode {
  node.children ??= new Map();
  let next = node.children.get(key);
  if (next === undefined) {
    next = {
      freshness: undefined,
      children: undefined,
      path: node.path === '' ? String(key) : `${node.path}.${key}`,
    };
    node.children.set(key, next);
  }
  return next;
}

export function pathKey(path: ResponsePath): string {
  let key = String(path.key);
  for (let p = path.prev; p !== undefined; p = p.prev) key = `${p.key}.${key}`;
  return key;
}
