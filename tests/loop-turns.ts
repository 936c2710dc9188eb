/**
 * Counts the turns of the event loop while it runs: a `setImmediate` that queues itself again, so that
 * a test can tell whether other work was let run between two steps (by counts, never by time).
 */
export function turnCounter(): { readonly count: () => number; stop(): void } {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    count: () => turns,
    stop: () => {
      running = false;
    },
  };
}
