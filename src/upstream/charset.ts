/**
 * The text of an upstream body in the character encoding it comes in: every body reader decodes through
 * here. The encoding is the byte-order mark's when the body starts with one (UTF-8, UTF-16 LE or BE),
 * else the `charset` parameter of its `Content-Type`, else UTF-8, as the Encoding standard's "decode"
 * reads a resource (a mark is unambiguous, a server's default `charset` often is not). Labels are the
 * Encoding standard's (`iso-8859-1`, `latin1`, `windows-1251`, `cp1251`, …), which Node's `TextDecoder`
 * implements with its full ICU; a mark is never part of the text. A label the gateway cannot read is
 * `UPSTREAM_INVALID` naming it, never a silent UTF-8 reading.
 */
import type { SourceName } from '../domain/freshness.js';
import { invalidError } from './errors.js';

/** The longest byte-order mark (UTF-8's): how much of a body is looked at before decoding starts. */
const MARK_BYTES = 3;

/** The Encoding standard's index-windows-1252 for bytes 0x80–0x9F (the other bytes are Latin-1's). */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's `TextDecoder` reads windows-1252 (the encoding of the `iso-8859-1` and `latin1` labels too) as
 * Latin-1, bytes 0x80–0x9F becoming C1 controls instead of `€`, `“`, `”`, …; corrected here for as long
 * as the runtime does so.
 */
const WINDOWS_1252_AS_LATIN1 = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '\u20ac';

/** A `TextDecoder` of `encoding`, with windows-1252 read as the Encoding standard says. */
function decoderOf(encoding: string): Pick<TextDecoder, 'decode' | 'encoding'> {
  const decoder = new TextDecoder(encoding);
  if (decoder.encoding !== 'windows-1252' || !WINDOWS_1252_AS_LATIN1) return decoder;
  return {
    encoding: decoder.encoding,
    // Single-byte: a character in U+0080–U+009F came from the byte of the same value, whatever the chunking.
    decode: (input, options) =>
      decoder
        .decode(input, options)
        .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] as string),
  };
}

/** The `charset` parameter of a `Content-Type` (quotes removed), or `null` when it has none. */
export function charsetLabel(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param.slice(eq + 1).trim();
    const label = value.startsWith('"') ? value.slice(1, value.endsWith('"') ? -1 : undefined) : value;
    return label.trim() === '' ? null : label.trim();
  }
  return null;
}

/**
 * The Encoding standard's name of the encoding `contentType` declares (`iso-8859-1` reads as
 * `windows-1252`, as the standard says), or `null` when it declares none. Throws `UPSTREAM_INVALID`
 * naming the label when it names no encoding the gateway can decode.
 */
export function declaredEncoding(source: SourceName, contentType: string | undefined): string | null {
  const label = charsetLabel(contentType);
  if (label === null) return null;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    // A label is a short token (RFC 2978); anything else is not repeated, since the message reaches clients.
    const named = /^[\w.:+-]{1,40}$/.test(label) ? `"${label}"` : 'that is not a valid label';
    throw invalidError(source, `a body declared in a character encoding the gateway cannot read (${named})`);
  }
}

/** The encoding a byte-order mark at the start of `head` names, or `null`. */
function markedEncoding(head: Uint8Array): string | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** A whole body as text, in the encoding its mark or `Content-Type` names (see the module comment). */
export function decodeBody(source: SourceName, body: Uint8Array, contentType: string | undefined): string {
  const declared = declaredEncoding(source, contentType);
  // TextDecoder drops a mark of its own encoding (its default `ignoreBOM: false`).
  return decoderOf(markedEncoding(body) ?? declared ?? 'utf-8').decode(body);
}

/**
 * Decodes a body that arrives in chunks: a character whose bytes are split across two chunks is decoded
 * whole (TextDecoder's `stream`), and the mark is looked for in the first bytes however they are chunked.
 */
export class BodyDecoder {
  readonly #declared: string | null;
  #decoder: Pick<TextDecoder, 'decode' | 'encoding'> | null = null;
  #head: Buffer | null = null;

  /** Throws `UPSTREAM_INVALID` at once for a label the gateway cannot read. */
  constructor(source: SourceName, contentType: string | undefined) {
    this.#declared = declaredEncoding(source, contentType);
  }

  /** The encoding chosen, once the first bytes have been seen; `null` before. */
  get encoding(): string | null {
    return this.#decoder?.encoding ?? null;
  }

  /** The text of `chunk`, less any bytes of a character it leaves unfinished (they begin the next). */
  write(chunk: Uint8Array): string {
    if (this.#decoder === null) {
      const head = this.#head === null ? Buffer.from(chunk) : Buffer.concat([this.#head, chunk]);
      if (head.length < MARK_BYTES) {
        this.#head = head;
        return '';
      }
      this.#head = null;
      return this.#start(head).decode(head, { stream: true });
    }
    return this.#decoder.decode(chunk, { stream: true });
  }

  /** The rest: a character left unfinished at the end is a replacement character, as everywhere else. */
  end(): string {
    const head = this.#head ?? Buffer.alloc(0);
    this.#head = null;
    return (this.#decoder ?? this.#start(head)).decode(head);
  }

  #start(head: Uint8Array): Pick<TextDecoder, 'decode' | 'encoding'> {
    this.#decoder = decoderOf(markedEncoding(head) ?? this.#declared ?? 'utf-8');
    return this.#decoder;
  }
}

/**
 * A streamed body as UTF-8 bytes without a mark, for readers that scan bytes (JSON arrays and lines):
 * passed through as it comes when it is UTF-8 already, transcoded chunk by chunk otherwise. A gzip body
 * (its magic bytes first) passes through untouched: a label says nothing of compressed bytes, and its
 * reader decompresses it and reads the result as UTF-8. Throws `UPSTREAM_INVALID` on the first read for a label the gateway cannot read.
 */
export async function* utf8Body(
  source: SourceName,
  body: AsyncIterable<Buffer>,
  contentType: string | undefined,
): AsyncIterable<Buffer> {
  const declared = declaredEncoding(source, contentType);
  let head: Buffer | null = Buffer.alloc(0);
  /** `null`: pass through (UTF-8 or gzip); otherwise the decoder of the body's encoding. */
  let decoder: Pick<TextDecoder, 'decode'> | null = null;
  for await (const chunk of body) {
    if (head === null) {
      if (decoder === null) yield chunk;
      else {
        const text = decoder.decode(chunk, { stream: true });
        if (text !== '') yield Buffer.from(text, 'utf8');
      }
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < MARK_BYTES) continue;
    const first: Buffer = head;
    head = null;
    const marked = markedEncoding(first);
    const encoding = marked ?? declared ?? 'utf-8';
    if (encoding === 'utf-8' || (first[0] === 0x1f && first[1] === 0x8b)) {
      // UTF-8 (or gzip) already: only a mark is dropped, and nothing is copied from here on.
      const rest = marked === 'utf-8' ? first.subarray(MARK_BYTES) : first;
      if (rest.length > 0) yield rest;
    } else {
      decoder = decoderOf(encoding);
      const text = decoder.decode(first, { stream: true });
      if (text !== '') yield Buffer.from(text, 'utf8');
    }
  }
  // A body shorter than a mark is decoded whole; an unfinished character at the end is a replacement one.
  const rest =
    head !== null
      ? decoderOf(markedEncoding(head) ?? declared ?? 'utf-8').decode(head)
      : (decoder?.decode() ?? '');
  if (rest !== '') yield Buffer.from(rest, 'utf8');
}
