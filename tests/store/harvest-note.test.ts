/**
 * A completed pass's note (a walk that ended before the feed's end, and why) on each backend: kept with
 * the harvest state, shown in the status beside a pass that still counts as completed, and cleared by the
 * next pass that has nothing to say.
 */
import { expect, it } from 'vitest';
import { HarvestScheduler, type Harvester } from '../../src/sync/index.js';
import { until } from '../eventually.js';
import { storeBackends, useStore } from './backends.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const NOTE = "the feed's links.next pointed to another origin (https://elsewhere.example)";

for (const backend of storeBackends()) {
  backend.describe('a pass that completes with a note', () => {
    const fixture = useStore(backend);

    it('is IDLE and complete with its note, which the next pass without one clears', async () => {
      const notes: (string | undefined)[] = [NOTE, undefined];
      let passes = 0;
      const harvester: Harvester = {
        source: 'PROCUREMENT',
        intervalMs: 3_600_000,
        pass() {
          const note = notes[passes++];
          return Promise.resolve(note === undefined ? {} : { note });
        },
      };
      const options = { harvest: true, retryMs: 60_000, leaseTtlMs: 30_000, standbyMs: 60_000 };
      const scheduler = new HarvestScheduler(fixture.store, [harvester], options, silent);
      try {
        scheduler.start();
        await scheduler.complete('PROCUREMENT');
        const first = (await scheduler.status('PROCUREMENT'))!.status;
        expect(first).toMatchObject({ state: 'IDLE', complete: true, lastError: null, note: NOTE });

        scheduler.poke('PROCUREMENT');
        await until(
          async () => passes === 2 && (await scheduler.status('PROCUREMENT'))!.status.note === null,
          {
            what: 'the second pass to complete',
          },
        );
        expect((await scheduler.status('PROCUREMENT'))!.status).toMatchObject({ state: 'IDLE', note: null });
      } finally {
        await scheduler.stop();
      }
    });
  });
}
