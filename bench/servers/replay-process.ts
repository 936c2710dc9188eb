/**
 * The replay server in a process of its own, for the cold section (bench/cold.ts): a real upstream is
 * another machine, so building and encoding its answers must not take the measured gateway's event loop.
 * Started by bench/cold.ts with `child_process.fork` (`node --import tsx`); it starts the embedded replay
 * server without its rate limit, builds its data before the gateway starts (the register's dump, the
 * first feed page) and then answers the parent's IPC messages (`ReplayCommand`), each with a
 * `ReplayReply` carrying the same `id`. Its first message is `{ ready: url }`.
 */
import { startReplayServer, type RequestLogEntry } from '../../src/replay/index.js';

/** What the parent asks: delay every route by `ms`, clear the request log, send it, close. */
export type ReplayOp =
  | { readonly op: 'delay'; readonly ms: number }
  | { readonly op: 'clear' }
  | { readonly op: 'log' }
  | { readonly op: 'close' };

/** One message of the parent: an operation and the id its reply carries. */
export type ReplayCommand = ReplayOp & { readonly id: number };

/** One logged request as it crosses the IPC channel (its headers left behind). */
export type LoggedRequest = Pick<RequestLogEntry, 'method' | 'path' | 'query' | 'status' | 'at'>;

/** The child's answer to one command. */
export interface ReplayAnswer {
  readonly id: number;
  readonly requests?: readonly LoggedRequest[];
  readonly error?: string;
}

/** What the child sends: first that it listens, then one answer per command. */
export type ReplayReply = { readonly ready: string } | ReplayAnswer;

const send = (reply: ReplayReply): void => {
  process.send?.(reply);
};

const replay = await startReplayServer({ rateLimit: false });
// Built before the gateway starts: the register's dump bodies and the feed's sorted records.
await (await fetch(`${replay.url}/registry/dump.json`)).arrayBuffer();
await (await fetch(`${replay.url}/ocds/releases?limit=1`)).arrayBuffer();
replay.clearLog();

let closing: Promise<void> | null = null;
function stop(): Promise<void> {
  closing ??= replay.close();
  return closing;
}

process.on('message', (message: ReplayCommand) => {
  const { id } = message;
  try {
    switch (message.op) {
      case 'delay':
        replay.faults.set('/', { kind: 'delay', ms: message.ms });
        return send({ id });
      case 'clear':
        replay.clearLog();
        return send({ id });
      case 'log':
        return send({
          id,
          requests: replay.requests.map(({ method, path, query, status, at }) => ({
            method,
            path,
            query,
            status,
            at,
          })),
        });
      case 'close':
        void stop().then(
          () => process.send?.({ id }, () => process.exit(0)),
          (thrown: unknown) => send({ id, error: String(thrown) }),
        );
        return;
    }
  } catch (thrown) {
    send({ id, error: String(thrown) });
  }
});
// The parent gone, nothing is left to serve.
process.on('disconnect', () => void stop().then(() => process.exit(0)));
send({ ready: replay.url });
