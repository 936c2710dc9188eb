import type { IncomingMessage } from 'node:http';

/** Largest request body accepted: 256 KiB (RELIABILITY.md §11), answered with 413 above it. */
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

/**
 * Reads a request body up to `limit` bytes. A declared `Content-Length` above the limit is refused
 * before any byte is read; a streamed body is cut off as soon as it passes the limit, so memory stays
 * flat whatever the client sends.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `The request body is larger than the limit of ${limit} bytes.`);
}

/**
 * Parses a JSON request body. Only UTF-8 is accepted (GraphQL over HTTP; a `charset` other than
 * utf-8 is refused with 415), and invalid UTF-8 such as a lone surrogate is a 400, not a 500.
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new BodyError(415, `Only UTF-8 request bodies are supported; got charset ${charset}.`);
  }
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new BodyError(400, 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
