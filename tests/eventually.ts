/**
 * Waiting in tests without betting on the machine's speed. A condition that holds "soon" on an idle
 * laptop may take many seconds on a loaded two-core runner, so nothing here has a deadline of its own:
 * the test's timeout (`vitest.config.ts`) is the one guard against a hang, and it is generous.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `assertion` until it stops throwing and returns its result. Polls on the real timers of
 * `node:timers/promises`, which vitest's fake timers leave alone, so a faked `Date` is never moved by
 * the waiting (`vi.waitFor` advances fake clocks by its interval on every check, and gives up after 1 s
 * by default).
 */
export async function eventually<T>(assertion: () => T | Promise<T>, intervalMs = 10): Promise<T> {
  for (;;) {
    try {
      return await assertion();
    } catch {
      await sleep(intervalMs);
    }
  }
}

/** Polls until `condition` holds (see `eventually`). */
export async function until(condition: () => boolean, intervalMs = 10): Promise<void> {
  while (!condition()) await sleep(intervalMs);
}
