import type { IncomingMessage } from 'node:http';
import { randomHex } from '../random-hex.js';

/**
 * Who a request is, for logs and for the upstream calls made for it: its request id (sent back as
 * `x-request-id` on every answer) and the W3C trace (https://www.w3.org/TR/trace-context/) its upstream
 * calls join. See docs/operations.md "Logs".
 */
export interface RequestTrace {
  /** The client's `x-request-id` when well-formed, else the trace id (the incoming one, or a new one). */
  readonly requestId: string;
  /** 32 lower-case hex digits: the incoming `traceparent`'s, or a new trace's. */
  readonly traceId: string;
  /** The trace flags as two hex digits: the incoming ones, `00` (not sampled) for a new trace. */
  readonly flags: string;
}

/** The response header that carries the request id, and the request header a client may set it with. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id a client may choose: 1 to 128 letters, digits, `.`, `_`, `:` or `-`. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** `version-traceid-parentid-flags`, each lower-case hex; a later version may append fields. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The client's request id when it is one the gateway may repeat (in logs and headers), else `null`. */
export function parseRequestId(value: string | readonly string[] | undefined): string | null {
  if (typeof value !== 'string') return null;
  return REQUEST_ID.test(value) ? value : null;
}

/** A parsed `traceparent`. */
export interface TraceParent {
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
}

/**
 * A valid `traceparent` header (W3C Trace Context §3.2), else `null`: version `ff` is invalid, an all-zero
 * trace or parent id is invalid, and version `00` has exactly four fields; a later version may carry more
 * after the flags, which are ignored.
 */
export function parseTraceparent(value: string | readonly string[] | undefined): TraceParent | null {
  if (typeof value !== 'string') return null;
  const m = TRACEPARENT.exec(value.trim());
  if (m === null) return null;
  const [, version = '', traceId = '', parentId = '', flags = '', rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  return { traceId, parentId, flags };
}

/** The trace of a request with these headers: what the client sent, where valid, and new ids otherwise. */
export function traceFromHeaders(headers: IncomingMessage['headers']): RequestTrace {
  const parent = parseTraceparent(headers.traceparent);
  // A new trace's id doubles as the new request id: one random draw, and one id to search the logs by.
  const traceId = parent?.traceId ?? randomHex(16);
  return {
    requestId: parseRequestId(headers[REQUEST_ID_HEADER]) ?? traceId,
    traceId,
    flags: parent?.flags ?? '00',
  };
}

const traces = new WeakMap<IncomingMessage, RequestTrace>();

/** The trace of `req`, the same one every time it is asked for (the server, the endpoint, the log line). */
export function traceOf(req: IncomingMessage): RequestTrace {
  let trace = traces.get(req);
  if (trace === undefined) {
    trace = traceFromHeaders(req.headers);
    traces.set(req, trace);
  }
  return trace;
}
