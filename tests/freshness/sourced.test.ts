import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { recordingSourced, sourced, sourcedItems, sourcedOrFail } from '../../resolvers/sourced.js';
import type { GatewayContext } from '../../src/context.js';
import type { Freshness } from '../../src/domain/index.js';
import { FreshnessCollector, pathKey, type ResponsePath } from '../../src/freshness/index.js';

const freshness = (url: string): Freshness => ({
  source: 'REGISTRY',
  url,
  fetchedAt: 1_000,
  sourceUpdatedAt: null,
  maxAgeSeconds: 60,
  staleReason: null,
  cache: 'HIT',
  cacheable: true,
  recording: null,
});

const root: ResponsePath = { prev: undefined, key: 'organization' };
const field: ResponsePath = { prev: root, key: 'owners' };

function call(resolve: (...args: never[]) => unknown, collector = new FreshnessCollector(1_000)) {
  const ctx = { freshness: collector } as unknown as GatewayContext;
  const info = { path: field } as unknown as GraphQLResolveInfo;
  const wrapped = recordingSourced(resolve as never);
  return { collector, result: wrapped({}, {}, ctx, info) };
}

const recordedPaths = (c: FreshnessCollector) => c.summary(1_000).records.flatMap((r) => r.paths);

describe('recordingSourced', () => {
  it('passes a plain value through untouched: the same object, no promise, nothing recorded', () => {
    const value = { name: 'x' };
    const { collector, result } = call(() => value);
    expect(result).toBe(value);
    expect(collector.empty).toBe(true);
  });

  it('records a sourced value at the field path and hands out the bare value', () => {
    const f = freshness('https://example.org/a');
    const { collector, result } = call(() => sourced({ value: ['a'], freshness: f }));
    expect(result).toEqual(['a']);
    expect(collector.lookup(field)).toBe(f);
    expect(collector.lookup(root)).toBeNull();
  });

  it('records a sourced value a promise resolves to', async () => {
    const f = freshness('https://example.org/b');
    const { collector, result } = call(() =>
      Promise.resolve(sourced({ value: 3, freshness: f }, (n) => n * 2)),
    );
    await expect(result).resolves.toBe(6);
    expect(recordedPaths(collector)).toEqual(['organization.owners']);
  });

  it('records each item of a list read item by item, and lets a failed item fail alone', async () => {
    const a = freshness('https://example.org/1');
    const c = freshness('https://example.org/3');
    const { collector, result } = call(() =>
      sourcedItems([
        Promise.resolve({ value: 'one', freshness: a }),
        Promise.reject(new Error('no such item')),
        Promise.resolve({ value: 'three', freshness: c }),
      ]),
    );
    const settled = await Promise.allSettled(result as Promise<unknown>[]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(recordedPaths(collector).sort()).toEqual(['organization.owners.0', 'organization.owners.2']);
    expect(pathKey(field)).toBe('organization.owners');
  });

  it('records the read that found nothing, then answers with its error', () => {
    const f = freshness('https://example.org/none');
    const collector = new FreshnessCollector(1_000);
    expect(() =>
      call(() => sourcedOrFail({ value: null, freshness: f }, () => new Error('not listed')), collector),
    ).toThrow('not listed');
    expect(collector.lookup(field)).toBe(f);
  });

  it('hands out a found value of a read that could have found nothing', () => {
    const f = freshness('https://example.org/found');
    const { result } = call(() => sourcedOrFail({ value: 'found', freshness: f }, () => new Error('x')));
    expect(result).toBe('found');
  });
});
