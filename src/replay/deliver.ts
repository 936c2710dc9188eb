/**
 * Writing responses to the socket, well or badly. Waiting uses the global timers, looked up at call time,
 * so vitest fake timers drive delays and drips exactly like the gateway's own timeouts.
 */
import type { ServerResponse } from 'node:http';
import type { EncodedResponse } from './http.js';

/** One response being written. */
export interface Delivery {
  readonly res: ServerResponse;
  /** HEAD gets the headers of GET and no body (RFC 9110 §9.3.2). */
  readonly head: boolean;
  /** Aborted when the client goes away or the server closes: pending waits end at once. */
  readonly signal: AbortSignal;
  /** Records the status in the request log, when the headers go out. */
  readonly onStatus: (status: number) => void;
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function writeHead(d: Delivery, encoded: EncodedResponse): void {
  d.onStatus(encoded.status);
  d.res.writeHead(encoded.status, encoded.headers);
}

/** Sends a response normally. */
export function send(d: Delivery, encoded: EncodedResponse): void {
  writeHead(d, encoded);
  d.res.end(d.head ? undefined : encoded.body);
}

/** Headers at once, then `bytesPerChunk` bytes every `intervalMs` (a slow-loris upstream). */
export async function drip(
  d: Delivery,
  encoded: EncodedResponse,
  intervalMs: number,
  bytesPerChunk: number,
): Promise<void> {
  writeHead(d, encoded);
  d.res.flushHeaders();
  const body = d.head ? Buffer.alloc(0) : encoded.body;
  for (let offset = 0; offset < body.length; offset += bytesPerChunk) {
    if (!(await sleep(intervalMs, d.signal))) return;
    d.res.write(body.subarray(offset, offset + bytesPerChunk));
  }
  d.res.end();
}

/** The full `Content-Length`, half the bytes, then a destroyed socket: a connection lost mid-body. */
export function truncate(d: Delivery, encoded: EncodedResponse): void {
  writeHead(d, encoded);
  d.res.flushHeaders();
  const half = d.head ? Buffer.alloc(0) : encoded.body.subarray(0, Math.floor(encoded.body.length / 2));
  // Destroy only once the half has reached the socket, so the client does receive it.
  d.res.write(half, () => d.res.socket?.destroy());
}

/** No response at all: the socket is destroyed (the client sees ECONNRESET or "socket hang up"). */
export function reset(d: Delivery): void {
  d.res.socket?.destroy();
}
