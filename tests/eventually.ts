/**
 * Waiting in tests without betting on the machine's speed. A condition that holds "soon" on an idle
 * laptop may take many seconds on a loaded two-core runner, so passing never depends on how fast it
 * holds: a wait polls with a growing interval until its condition holds, and gives up only after
 * `MAX_ATTEMPTS` polls (about a minute of sleeping, far above what a loaded machine needs and below the
 * test timeout of `vitest.config.ts`), throwing the last failure it saw, so that a hang names its cause
 * instead of surfacing as a bare test timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls before a wait gives up: with the default intervals, about 60 s of sleeping in all. */
export const MAX_ATTEMPTS = 300;

export interface WaitOptions {
  /** First pause between two polls; it doubles up to `maxIntervalMs`. */
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
  /** Polls before giving up (default `MAX_ATTEMPTS`). */
  readonly attempts?: number;
  /** What is being waited for, named in the failure. */
  readonly what?: string;
}

const DEFAULTS = { intervalMs: 10, maxIntervalMs: 200, attempts: MAX_ATTEMPTS };

/** Pauses of `options`: `attempts - 1` of them, doubling from `intervalMs` up to `maxIntervalMs`. */
function* pauses(options: WaitOptions): Generator<number> {
  const { intervalMs, maxIntervalMs, attempts } = { ...DEFAULTS, ...options };
  let pause = intervalMs;
  for (let i = 1; i < attempts; i++) {
    yield pause;
    pause = Math.min(maxIntervalMs, pause * 2);
  }
}

function gaveUp(options: WaitOptions, polls: number, last: unknown): Error {
  const what = options.what === undefined ? '' : ` (waiting for ${options.what})`;
  const cause = last instanceof Error ? last.message : String(last);
  return new Error(`Still failing after ${polls} polls${what}: ${cause}`, { cause: last });
}

/**
 * Runs `assertion` until it stops throwing and returns its result; after `attempts` failed polls,
 * throws the last error. Polls on the real timers of `node:timers/promises`, which vitest's fake timers
 * leave alone, so a faked `Date` is never moved by the waiting (`vi.waitFor` advances fake clocks by its
 * interval on every check, and gives up after 1 s by default).
 */
export async function eventually<T>(assertion: () => T | Promise<T>, options: WaitOptions = {}): Promise<T> {
  let polls = 0;
  let last: unknown;
  const pending = pauses(options);
  for (;;) {
    polls += 1;
    try {
      return await assertion();
    } catch (thrown: unknown) {
      last = thrown;
    }
    const next = pending.next();
    if (next.done === true) throw gaveUp(options, polls, last);
    await sleep(next.value);
  }
}

/** Polls until `condition` holds (see `eventually`). */
export async function until(
  condition: () => boolean | Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  await eventually(async () => {
    if (!(await condition())) throw new Error(`not yet: ${condition.toString().slice(0, 200)}`);
  }, options);
}
