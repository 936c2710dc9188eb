/**
 * The load generator of one bench run, in a process of its own (see `drive` in bench/drive.ts): takes
 * one order over IPC, runs autocannon, sends the result back and exits.
 */
import { driveHere, type DriveOrder } from './drive.js';

process.once('message', (order: DriveOrder) => {
  driveHere(order).then(
    (row) => process.send?.({ row }, () => process.exit(0)),
    (thrown: unknown) =>
      process.send?.({ error: thrown instanceof Error ? thrown.message : String(thrown) }, () =>
        process.exit(1),
      ),
  );
});
