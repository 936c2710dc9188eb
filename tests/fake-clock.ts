/**
 * A fake clock for the deadlines at their default lengths (an 8 s attempt, a 15 s budget) without
 * waiting for them: the timers every deadline runs on (`setTimeout`, the budget's and the attempt's, the
 * retry backoff, the replay's delays) and the clocks they are read against (`Date`, and `performance`,
 * the monotonic clock of budgets) move only when a test advances them. Sockets stay real: between two
 * steps the clock waits on the real timers of `node:timers/promises`, which fake timers leave alone, so
 * that loopback requests and answers get through.
 *
 * Install it once per file, before the file's first upstream request, and keep it to the end: what runs
 * on `performance` remembers times (the source queues' spacing), which a clock faked later would put in
 * the future; and undici ticks its header and body timeouts on one timer of its own, started by its first
 * request, which then stays on the clock it started on. Installed first, the 5 s headers timeout fires on
 * the fake clock like every other deadline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { vi } from 'vitest';

/** Fakes the deadline timers and clocks (see the module comment); `vi.useRealTimers()` undoes it. */
export function useFakeDeadlineClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
}

/** Fake milliseconds since `useFakeDeadlineClock`, on the monotonic clock budgets are read against. */
export function fakeNow(): number {
  return performance.now();
}

/**
 * Advances the fake clock `stepMs` at a time, letting real I/O through after each step, until `done()`
 * holds or `limitMs` have passed; returns whether `done()` held.
 */
export async function advanceUntil(
  done: () => boolean,
  { limitMs, stepMs = 100 }: { readonly limitMs: number; readonly stepMs?: number },
): Promise<boolean> {
  const until = fakeNow() + limitMs;
  while (!done()) {
    if (fakeNow() >= until) return false;
    await vi.advanceTimersByTimeAsync(Math.min(stepMs, until - fakeNow()));
    await sleep(2);
  }
  return true;
}

/** Advances the fake clock to `at` (a `fakeNow()` value) in steps, letting real I/O through. */
export async function advanceTo(at: number, stepMs = 100): Promise<void> {
  await advanceUntil(() => fakeNow() >= at, { limitMs: Math.max(0, at - fakeNow()), stepMs });
}

/** A promise's outcome, readable without awaiting it. */
export interface Watched<T> {
  readonly settled: boolean;
  /** The fake time (`fakeNow()`) at which it settled. */
  readonly at: number | undefined;
  readonly promise: Promise<T>;
}

/** Watches `promise`: whether it has settled, and when on the fake clock. */
export function watch<T>(promise: Promise<T>): Watched<T> {
  const watched: { settled: boolean; at: number | undefined; promise: Promise<T> } = {
    settled: false,
    at: undefined,
    promise,
  };
  const note = (): void => {
    watched.settled = true;
    watched.at = fakeNow();
  };
  promise.then(note, note);
  return watched;
}
