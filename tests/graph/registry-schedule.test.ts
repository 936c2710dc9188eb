import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReplayServer } from '../../src/replay/index.js';
import { startGateway } from '../../src/server.js';
import { FAST_ENV, replayEnv } from '../helpers.js';
import { until } from '../eventually.js';

describe('the register index', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is refreshed on a schedule, conditionally, without a query asking for it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'], now: Date.now() });
    const replay = await startReplayServer({ rateLimit: false });
    const gateway = await startGateway({
      env: { ...FAST_ENV, ...replayEnv(replay), REGISTRY_MAX_AGE_SECONDS: '60' },
    });
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
    }
  });
});
