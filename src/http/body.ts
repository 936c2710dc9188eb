import type { IncomingMessage } from 'node:http';
import { quoteInput } from '../domain/quote.js';

/** Largest request body accepted: 256 KiB (docs/reliability.md "Limits"), answered with 413 above it. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Why a request body could not be read. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The body length a request declares in `Content-Length`, or `NaN` when it declares none. */
export function declaredLength(req: IncomingMessage): number {
  return Number(req.headers['content-length'] ?? NaN);
}

/** Whether a request's body may be within `limit`: false only for a declared length above it. */
export function bodyFits(req: IncomingMessage, limit: number): boolean {
  return !(declaredLength(req) > limit);
}

/**
 * Reads a request body up to `limit` bytes. A declared `Content-Length` above the limit is refused
 * before any byte is read; a streamed body is cut off as soon as it passes the limit and left paused,
 * so memory stays flat whatever the client sends. The answer to a refused body closes the connection
 * after draining a bounded rest of it (`connections.ts`, a lingering close). A body that ends early (the
 * client went away, or the request timeout cut it) is a `BodyError`, not a failure of the gateway.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (!bodyFits(req, limit)) return Promise.reject(tooLarge(limit));
  // Events rather than `for await`: this runs on every request, warm cache hits included.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        // Paused, the rest stays in the socket until the answer is written and a bounded part drained.
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.once('error', () => reject(new BodyError(400, 'The request body ended before it was complete.')));
  });
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `The request body is larger than the limit of ${limit} bytes.`);
}

/**
 * Parses a JSON request body. Only UTF-8 is accepted (GraphQL over HTTP; a `charset` other than
 * utf-8 is refused with 415). Bytes that are not UTF-8, and a `\uD800`-style escape of a lone
 * surrogate (text no UTF-8 encoder could have written), are a 400, not a 500.
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new BodyError(415, `Only UTF-8 request bodies are supported; got charset ${quoteInput(charset)}.`);
  }
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new BodyError(400, 'The request body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
  if (SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(parsed)) {
    throw new BodyError(
      400,
      'The request body escapes a lone UTF-16 surrogate (e.g. "\\uD800"); text must be valid Unicode.',
    );
  }
  return parsed;
}

/** A surrogate code unit not part of a pair (with the `u` flag, a pair is one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** A JSON escape of a surrogate: only such an escape can put a lone surrogate into parsed JSON. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether JSON text escapes a lone surrogate in a key or string value (false for text that is not
 * JSON: its parser reports that). Only an escape can put one there: decoded UTF-8 holds none.
 */
export function jsonEscapesLoneSurrogate(text: string): boolean {
  if (!SURROGATE_ESCAPE.test(text)) return false;
  try {
    return holdsLoneSurrogate(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Whether parsed JSON holds a lone surrogate in a key or string value. */
function holdsLoneSurrogate(parsed: unknown): boolean {
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value as unknown[]) stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return true;
        stack.push(inner);
      }
    }
  }
  return false;
}
