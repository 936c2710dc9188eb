/**
 * Writing responses to the socket, well or badly. Waiting uses the global timers, looked up at call time,
 * so vitest fake timers drive delays and drips exactly like the gateway's own timeouts.
 */
import type { ServerResponse } from 'node:http';
import { encodeText, writableEncoding } from './charset.js';
import { DEFAULT_HUGE_BYTES, redirectFaultResponse, unreachable } from './faults.js';
import type { EncodedResponse } from './http.js';
import { encode } from './http.js';
import type { Fault } from './types.js';

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

/** The answer `encoded` with `replace` set, each replacing any header of the same name in any case. */
export function withHeaders(
  encoded: EncodedResponse,
  replace: Readonly<Record<string, string>>,
): EncodedResponse {
  const names = new Set(Object.keys(replace).map((name) => name.toLowerCase()));
  const kept = Object.entries(encoded.headers).filter(([name]) => !names.has(name.toLowerCase()));
  return { ...encoded, headers: { ...Object.fromEntries(kept), ...replace } };
}

/** An HTTP-date `ms` milliseconds off this server's clock (RFC 9110 §5.6.7). */
export function skewedDate(ms: number): string {
  return new Date(Date.now() + ms).toUTCString();
}

/** Bytes written per chunk of a `huge` body: the body is generated as it goes, never held whole. */
const HUGE_CHUNK_BYTES = 64 * 1024;

/**
 * Writes `chunk` and, when the socket's buffer is full, waits until it drains. Resolves `false` as soon as
 * the client has gone (or the server closes), so a client that gives up stops the writing.
 */
function write(d: Delivery, chunk: Buffer): Promise<boolean> {
  if (d.signal.aborted || d.res.destroyed) return Promise.resolve(false);
  if (d.res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      d.res.off('drain', onDrain);
      d.signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onAbort = (): void => done(false);
    d.res.on('drain', onDrain);
    d.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * 200 `application/json` of exactly `bytes` bytes, `{"padding":"xxx…"}`, written chunk by chunk as the
 * client reads: memory stays at one chunk whatever the size. With `contentLength` the size is announced
 * up front (a client may refuse it from the headers alone); without, the body is chunked and only its
 * bytes tell.
 */
export async function huge(d: Delivery, bytes: number, contentLength: boolean): Promise<void> {
  const open = Buffer.from('{"padding":"');
  const close = Buffer.from('"}');
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  };
  if (contentLength) headers['Content-Length'] = String(bytes);
  d.onStatus(200);
  d.res.writeHead(200, headers);
  if (d.head) {
    d.res.end();
    return;
  }
  const filler = Buffer.alloc(HUGE_CHUNK_BYTES, 'x');
  if (!(await write(d, open))) return;
  for (let left = bytes - open.length - close.length; left > 0; left -= filler.length) {
    if (!(await write(d, left >= filler.length ? filler : filler.subarray(0, left)))) return;
  }
  d.res.end(close);
}

/**
 * Exactly the given status, header lines and body; only framing is added (`Content-Length` when the
 * headers give none, and no `Date`). A name or value Node refuses to write — a control character, a
 * non-token name — or a status it cannot send destroys the socket, as a broken upstream's connection
 * would end, instead of failing the server.
 */
export function raw(
  d: Delivery,
  status: number,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array | string,
): void {
  const bytes =
    typeof body === 'string'
      ? Buffer.from(body, 'utf8')
      : Buffer.from(body.buffer, body.byteOffset, body.length);
  try {
    d.res.sendDate = false;
    for (const [name, value] of headers) d.res.appendHeader(name, value);
    // No writeHead: `end` with the whole body sets Content-Length (unless the headers gave framing).
    d.res.statusCode = status;
    d.res.end(d.head ? undefined : bytes);
    d.onStatus(status);
  } catch {
    d.res.socket?.destroy();
  }
}

/**
 * The answer `encoded` in another character encoding: its text body re-encoded (a `304` or an empty body is
 * left as it is), `Content-Type` declaring `label`, and the `ETag` weak (the same resource in other bytes).
 */
export function recoded(
  encoded: EncodedResponse,
  fault: Extract<Fault, { kind: 'charset' }>,
): EncodedResponse {
  if (encoded.body.length === 0) return encoded;
  const name = writableEncoding(fault.charset) ?? 'utf-8';
  const body = encodeText(encoded.body.toString('utf8'), name, fault.bom ?? false);
  const type = Object.entries(encoded.headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const media = (type ?? 'application/json').split(';')[0]?.trim() ?? 'application/json';
  const etag = Object.entries(encoded.headers).find(([n]) => n.toLowerCase() === 'etag')?.[1];
  const replace: Record<string, string> = {
    'Content-Type': `${media}; charset=${fault.label ?? fault.charset}`,
    'Content-Length': String(body.length),
  };
  if (etag !== undefined) replace['ETag'] = etag.startsWith('W/') ? etag : `W/${etag}`;
  return { ...withHeaders(encoded, replace), body };
}

/** The faults that shape the wire itself rather than pick a canned answer (docs/reliability.md §12b rows 13–24). */
export type WireFault = Extract<
  Fault,
  { kind: 'huge' | 'redirect' | 'cacheControl' | 'dateSkew' | 'raw' | 'charset' }
>;

/**
 * Delivers a `WireFault`. `selfUrl` is the request's own absolute URL (the target of a redirect loop);
 * `normal` computes the route's answer, 304 included, for the faults that only change its headers.
 */
export async function deliverWireFault(
  d: Delivery,
  fault: WireFault,
  selfUrl: string,
  normal: () => EncodedResponse,
): Promise<void> {
  switch (fault.kind) {
    case 'huge':
      return huge(d, fault.bytes ?? DEFAULT_HUGE_BYTES, fault.contentLength ?? true);
    case 'redirect':
      return send(d, encode(redirectFaultResponse(fault, selfUrl)));
    case 'cacheControl':
      return send(d, withHeaders(normal(), { 'Cache-Control': fault.value }));
    case 'dateSkew':
      return send(d, withHeaders(normal(), { Date: skewedDate(fault.ms) }));
    case 'raw':
      return raw(d, fault.status, fault.headers ?? [], fault.body ?? '');
    case 'charset':
      return send(d, recoded(normal(), fault));
    default:
      return unreachable(fault);
  }
}
