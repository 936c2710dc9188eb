import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Freshness } from '../../../src/domain/freshness.js';
import type { RegistryEntity } from '../../../src/domain/organization.js';
import { createRegistryLoaders, type StoredRegister } from '../../../src/sources/registry/index.js';
import { buildRegisterIndex, type RegistryIndexView } from '../../../src/sources/registry/register.js';
import { startRegistry, type RegistryHarness } from './helpers.js';

/**
 * Name searches take turns (docs/reliability.md §12a row 25): each runs in an event-loop turn of its
 * own, so a request with many aliased searches, or many such requests, lets the gateway serve other
 * requests between any two of them. Asserted as an order of events, never as a duration.
 */

/** Fictional entities (register numbers beginning with 09). */
const ENTITIES = new Map<string, RegistryEntity>(
  Array.from({ length: 30 }, (_, i): [string, RegistryEntity] => {
    const registerNumber = `09${String(i).padStart(5, '0')}`;
    return [
      registerNumber,
      {
        registerNumber,
        name: `Зохиомол хайрхан ${i}`,
        legalForm: 'LLC',
        legalFormRaw: 'ХХК',
        registeredOn: null,
        fictional: true,
      },
    ];
  }),
);

const FRESHNESS: Freshness = {
  source: 'REGISTRY',
  url: 'http://127.0.0.1/registry/dump.json',
  fetchedAt: Date.now(),
  sourceUpdatedAt: null,
  maxAgeSeconds: 86_400,
  staleReason: null,
  cache: 'HIT',
  cacheable: true,
  recording: null,
};

let registry: RegistryHarness;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.close());

/** The register's index with every search written to `log` as it starts. */
function loggedRegister(log: string[]): StoredRegister {
  const view = buildRegisterIndex(ENTITIES, true);
  const logged: RegistryIndexView = {
    get size() {
      return view.size;
    },
    complete: view.complete,
    get: (registerNumber) => view.get(registerNumber),
    search: (query, options) => {
      log.push(`search ${query}`);
      return view.search(query, options);
    },
  };
  return { index: () => Promise.resolve({ value: logged, freshness: FRESHNESS }) };
}

/** Writes `turn` to `log` once per event-loop turn until `stop` is called. */
function countTurns(log: string[]): () => void {
  let running = true;
  const turn = (): void => {
    if (!running) return;
    log.push('turn');
    setImmediate(turn);
  };
  setImmediate(turn);
  return () => {
    running = false;
  };
}

describe('registry name searches', () => {
  it('run one per event-loop turn, the searches of one request included', async () => {
    const log: string[] = [];
    const loaders = createRegistryLoaders(registry.source, loggedRegister(log));
    const stop = countTurns(log);
    // As graphql-js starts aliased root fields: all in one go, before any has answered.
    const queries = ['хайрхан', 'зохиомол', 'хай', 'зох', 'хайрхан 1', 'х', 'з', 'хайрхан 2'];
    const results = await Promise.all(queries.map((q) => loaders.search(q, { limit: 3, offset: 0 })));
    stop();

    expect(results.map((r) => r.value.total)).toEqual([30, 30, 30, 30, 11, 30, 30, 11]);
    const searches = log.flatMap((entry, i) => (entry.startsWith('search') ? [i] : []));
    // In the order asked, and never two without a turn of the event loop between them.
    expect(searches.map((i) => log[i])).toEqual(queries.map((q) => `search ${q}`));
    for (let k = 1; k < searches.length; k += 1) {
      expect(log.slice((searches[k - 1] ?? 0) + 1, searches[k]), `before search ${k}`).toContain('turn');
    }
  });

  it('go on after a search that is refused', async () => {
    const log: string[] = [];
    const loaders = createRegistryLoaders(registry.source, loggedRegister(log));
    const [refused, answered] = await Promise.allSettled([
      loaders.search('   ', { limit: 3, offset: 0 }),
      loaders.search('хайрхан', { limit: 3, offset: 0 }),
    ]);
    expect(refused.status).toBe('rejected');
    expect(refused.status === 'rejected' && (refused.reason as { code?: string }).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(answered.status === 'fulfilled' && answered.value.value.total).toBe(30);
    expect(log).toEqual(['search    ', 'search хайрхан']);
  });
});
