import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReplayServer } from '../../src/replay/index.js';
import { startGateway } from '../../src/server.js';
import { EMPTY_STORE_ENV, FAST_ENV, removeDataDir, replayEnv } from '../helpers.js';
import { until } from '../eventually.js';

describe('the register index', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is refreshed by the harvest schedule, conditionally, without a query asking for it', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const env: Record<string, string> = { ...FAST_ENV, ...replayEnv(replay), REGISTRY_MAX_AGE_SECONDS: '2' };
    const gateway = await startGateway({ env });
    try {
      const dumps = () => replay.requests.filter((r) => r.path === '/registry/dump.json');
      const name = gateway.gateway.upstreams.registry.source.name;
      await until(async () => (await gateway.gateway.harvests.status(name))?.status.complete === true, {
        what: 'the first harvest of the register',
      });
      expect(dumps()[0]?.headers['if-none-match']).toBeUndefined();
      expect(dumps()[0]?.status).toBe(200);
      // One max-age after the pass completed, the next one asks whether the dump changed.
      await until(() => dumps().length >= 2 && (dumps()[1]?.status ?? 0) !== 0, {
        what: 'the second pass',
      });
      expect(dumps()[1]?.headers['if-none-match']).toEqual(expect.any(String));
      expect(dumps()[1]?.status).toBe(304);
      // That pass read nothing and wrote nothing.
      await until(() => gateway.gateway.plane.registerHarvester.last?.notModified === true);
      expect(gateway.gateway.plane.registerHarvester.last).toMatchObject({ read: 0, changed: 0 });
    } finally {
      await gateway.close();
      await replay.close();
      removeDataDir(env['DATA_DIR']);
    }
  });

  it('is refreshed on a schedule where nothing is harvested and the dump is read live', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'], now: Date.now() });
    const replay = await startReplayServer({ rateLimit: false });
    const env: Record<string, string> = {
      ...FAST_ENV,
      ...replayEnv(replay),
      ...EMPTY_STORE_ENV,
      REGISTRY_MAX_AGE_SECONDS: '60',
    };
    const gateway = await startGateway({ env });
    try {
      const dumps = () => replay.requests.filter((r) => r.path === '/registry/dump.json');
      const registry = () => gateway.gateway.sources().find((x) => x.name === 'REGISTRY');
      await until(() => (registry()?.lastSuccessAt ?? null) !== null);
      expect(dumps()).toHaveLength(1);
      vi.setSystemTime(Date.now() + 61_000);
      vi.advanceTimersByTime(61_000);
      await until(() => dumps().length >= 2);
      expect(dumps()).toHaveLength(2);
      // The refresh asks whether the dump changed, and the replay says it did not.
      expect(dumps()[1]?.headers['if-none-match']).toEqual(expect.any(String));
      await until(() => (dumps()[1]?.status ?? 0) !== 0);
      expect(dumps()[1]?.status).toBe(304);
    } finally {
      await gateway.close();
      await replay.close();
      removeDataDir(env['DATA_DIR']);
    }
  });
});
