/**
 * Bounded slices of CPU work for a bulk harvest. Node runs every harvester, and every query, on one event
 * loop, and a chain of promises that settle at once (a streamed body's buffered chunks, a synchronous
 * SQLite driver's statements) never lets it turn: one batch of the register's dump, parsed, compared
 * and written, held it for hundreds of milliseconds while the feed's next page had already arrived.
 * A bulk pass calls `pause()` between small steps; once `sliceMs` of work has gone by since the last
 * turn, it waits for the next turn of the loop (`setImmediate`, after pending I/O callbacks), so that
 * nothing else waits behind it much longer than one slice.
 */

/** Work done between two turns of the event loop at most, in milliseconds (about). */
export const SLICE_MS = 10;

/** A pause between steps of a bulk pass: resolves at once within a slice, on the next turn after it. */
export type Pause = () => Promise<void>;

/** A new `Pause` with its own slice clock; `turns()` counts the turns it gave back to the loop. */
export function slicer(sliceMs = SLICE_MS): Pause & { readonly turns: () => number } {
  let since = performance.now();
  let turns = 0;
  const pause = async (): Promise<void> => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    turns += 1;
    since = performance.now();
  };
  return Object.assign(pause, { turns: () => turns });
}
