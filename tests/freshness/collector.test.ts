import { describe, expect, it } from 'vitest';
import { combineFreshness, type Freshness } from '../../src/domain/index.js';
import { FreshnessCollector, pathKey, type ResponsePath } from '../../src/freshness/index.js';

/**
 * Path objects as graphql-js makes them: one object per response position, shared by everything
 * below it (a child's `prev` is its parent's very path), so the same keys give the same object.
 */
const interned = new Map<string, ResponsePath>();
const path = (...keys: (string | number)[]): ResponsePath =>
  keys.reduce<ResponsePath | undefined>((prev, key) => {
    const id = `${prev === undefined ? '' : pathKey(prev)}/${String(key)}`;
    let p = interned.get(id);
    if (p === undefined) {
      p = { prev, key };
      interned.set(id, p);
    }
    return p;
  }, undefined) as ResponsePath;

const T0 = Date.parse('2026-11-23T10:00:00Z');
const fresh = (over: Partial<Freshness> = {}): Freshness => ({
  source: 'PROCUREMENT',
  url: 'http://127.0.0.1:1/ocds/records/a',
  fetchedAt: T0,
  sourceUpdatedAt: null,
  maxAgeSeconds: 300,
  staleReason: null,
  cache: 'MISS',
  cacheable: true,
  recording: null,
  ...over,
});

describe('FreshnessCollector', () => {
  it('keys paths like the response: contractingProcesses.edges.3.node', () => {
    expect(pathKey(path('contractingProcesses', 'edges', 3, 'node'))).toBe(
      'contractingProcesses.edges.3.node',
    );
  });

  it('finds the freshness of the nearest recorded ancestor, and null where nothing was recorded', () => {
    const c = new FreshnessCollector();
    const a = fresh();
    const b = fresh({ url: 'http://127.0.0.1:1/ocds/records/b' });
    c.record(path('list'), a);
    c.record(path('list', 'edges', 1, 'node'), b);
    expect(c.lookup(path('list', 'edges', 0, 'node', 'tender', 'value'))).toBe(a);
    expect(c.lookup(path('list', 'edges', 1, 'node', 'tender'))).toBe(b);
    expect(c.lookup(path('other'))).toBeNull();
    // Positions are what paths spell, not their objects: graphql-jit builds a new chain for each
    // resolver call, and its paths find what graphql-js's would.
    const built = (...keys: (string | number)[]) =>
      keys.reduce<ResponsePath | undefined>((prev, key) => ({ prev, key }), undefined)!;
    expect(c.lookup(built('list', 'edges', 1, 'node', 'tender'))).toBe(b);
    expect(c.lookup(built('list', 'edges', 2))).toBe(a);
    expect(c.lookup(built('lists'))).toBeNull();
    // An index and a field spelled like it are different segments.
    c.record(built('map', '0'), b);
    expect(c.lookup(built('map', 0))).toBeNull();
  });

  it('finds the freshness of list items recorded by index under their list', () => {
    const c = new FreshnessCollector();
    const list = path('project', 'contractingProcesses');
    const a = fresh();
    const b = fresh({ url: 'http://127.0.0.1:1/ocds/records/b' });
    c.recordItem(list, 0, a);
    c.recordItem(list, 1, b);
    expect(c.lookup(path('project', 'contractingProcesses', 1, 'tender', 'title'))).toBe(b);
    expect(c.lookup(path('project', 'contractingProcesses', 0))).toBe(a);
    expect(c.lookup(path('project', 'contractingProcesses', 2))).toBeNull();
    expect(c.summary(T0).records.flatMap((r) => r.paths)).toEqual([
      'project.contractingProcesses.0',
      'project.contractingProcesses.1',
    ]);
  });

  it('gives the smallest remaining lifetime as max-age, and null for stale or uncacheable records', () => {
    const c = new FreshnessCollector();
    c.record(path('a'), fresh());
    c.record(path('b'), fresh({ fetchedAt: T0 - 100_000 }));
    expect(c.maxAge(T0 + 10_000)).toBe(190);
    expect(c.maxAge(T0 + 250_000)).toBeNull();
    const u = new FreshnessCollector();
    u.record(path('a'), fresh({ cacheable: false }));
    expect(u.maxAge(T0)).toBeNull();
    expect(new FreshnessCollector().maxAge(T0)).toBeNull();
  });

  it('summarises per source and lists each distinct record once with all its paths', () => {
    const c = new FreshnessCollector();
    const a = fresh();
    c.record(path('x'), a);
    c.record(path('y'), a);
    c.record(path('z'), fresh({ fetchedAt: T0 - 400_000, staleReason: 'UPSTREAM_ERROR', cache: 'FALLBACK' }));
    const s = c.summary(T0 + 5000);
    expect(s.sources).toEqual([
      {
        source: 'PROCUREMENT',
        oldestFetchedAt: new Date(T0 - 400_000).toISOString(),
        maxAgeSeconds: 300,
        ageSeconds: 405,
        stale: true,
        records: 2,
        recording: null,
        harvest: null,
      },
    ]);
    expect(s.records).toEqual([
      expect.objectContaining({
        paths: ['x', 'y'],
        ageSeconds: 5,
        stale: false,
        staleReason: null,
        cache: 'MISS',
      }),
      expect.objectContaining({
        paths: ['z'],
        ageSeconds: 405,
        stale: true,
        staleReason: 'UPSTREAM_ERROR',
        cache: 'FALLBACK',
      }),
    ]);
  });

  it('summarises the same whatever order the records resolved in: sources in path order', () => {
    const registry = fresh({ source: 'REGISTRY', url: 'http://127.0.0.1:1/registry/a' });
    const procurement = fresh();
    const summaries = [
      [path('b'), registry],
      [path('a', 0), procurement],
    ].map((_, shift, all) => {
      const c = new FreshnessCollector();
      for (const [p, f] of [...all.slice(shift), ...all.slice(0, shift)])
        c.record(p as ResponsePath, f as Freshness);
      return c.summary(T0);
    });
    expect(summaries[0]).toEqual(summaries[1]);
    expect(summaries[0]?.sources.map((x) => x.source)).toEqual(['PROCUREMENT', 'REGISTRY']);
  });

  it('never reports a negative age for a clock that runs behind the upstream', () => {
    const c = new FreshnessCollector();
    c.record(path('a'), fresh({ fetchedAt: T0 + 3_600_000 }));
    expect(c.summary(T0).records[0]?.ageSeconds).toBe(0);
  });
});

describe('combineFreshness', () => {
  it('takes the oldest fetch, the worst cache outcome and the newest upstream date', () => {
    const a = fresh({ url: 'u1', fetchedAt: T0, cache: 'HIT', sourceUpdatedAt: '2026-01-01' });
    const b = fresh({ url: 'u2', fetchedAt: T0 - 5000, cache: 'MISS', sourceUpdatedAt: '2026-03-01' });
    const c = fresh({
      url: 'u3',
      fetchedAt: T0,
      cache: 'FALLBACK',
      staleReason: 'UPSTREAM_ERROR',
      cacheable: false,
    });
    expect(combineFreshness([a, b, c])).toMatchObject({
      url: 'u1',
      fetchedAt: T0 - 5000,
      cache: 'FALLBACK',
      staleReason: 'UPSTREAM_ERROR',
      cacheable: false,
      sourceUpdatedAt: '2026-03-01',
    });
    expect(combineFreshness([a])).toEqual(a);
    expect(() => combineFreshness([])).toThrow(/at least one/);
  });
});
