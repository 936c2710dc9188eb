/**
 * Incremental readers for the registry's bulk files, which must never be held whole in memory (the real
 * dump is ~440 MB): a JSON array of objects and JSON Lines. Each finds one element's bytes as they arrive
 * and hands them to `JSON.parse`, so only one element (bounded by `maxElementBytes`) is ever buffered,
 * the strings the caller keeps are fresh copies rather than slices of a large chunk, and the JSON grammar
 * of each element is checked by the engine's own parser. No streaming JSON library is installed; this is
 * the small part of one that the flat register needs.
 */

/** Bytes of one array element or line at most, by default: a register record is a few hundred bytes. */
export const DEFAULT_MAX_ELEMENT_BYTES = 1024 * 1024;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Where the array reader is in the grammar. */
const State = {
  /** Before `[` (a UTF-8 byte-order mark is skipped). */
  Start: 0,
  /** After `[`: an object or `]`. */
  FirstElement: 1,
  /** After `,`: an object. */
  NextElement: 2,
  /** Inside an object. */
  InElement: 3,
  /** After an object: `,` or `]`. */
  AfterElement: 4,
  /** After `]`: whitespace only. */
  End: 5,
} as const;
type State = (typeof State)[keyof typeof State];

function describe(b: number): string {
  return b >= 0x20 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/**
 * Reads a JSON array whose elements are objects, calling `onElement` with each parsed object in order
 * and its JSON text exactly as it stood in the body (what a harvest stores as the raw record).
 * Resolves to the number of elements. Throws on anything else: not an array, an element that is not an
 * object, an element larger than `maxElementBytes`, malformed JSON, or a body that ends early.
 */
export async function readJsonArray(
  body: AsyncIterable<Buffer>,
  onElement: (value: unknown, index: number, text: string) => void,
  maxElementBytes = DEFAULT_MAX_ELEMENT_BYTES,
): Promise<number> {
  let state = State.Start as State;
  let count = 0;
  let offset = 0; // bytes before the current chunk, for messages
  let bomChecked = false;
  // The current element: its pieces from earlier chunks, and how it is nested.
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  const emit = (text: string): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e: unknown) {
      throw new Error(`element ${count} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    onElement(value, count, text);
    count++;
  };

  for await (const chunk of body) {
    let i = 0;
    if (!bomChecked && chunk.length > 0) {
      bomChecked = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    let start = state === State.InElement ? 0 : -1;
    for (; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (state === State.InElement) {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            const tail = chunk.subarray(start, i + 1);
            if (pieceBytes + tail.length > maxElementBytes) {
              throw new Error(`element ${count} is larger than ${maxElementBytes} bytes`);
            }
            emit(
              pieces.length === 0
                ? tail.toString('utf8')
                : Buffer.concat([...pieces, tail], pieceBytes + tail.length).toString('utf8'),
            );
            pieces = [];
            pieceBytes = 0;
            state = State.AfterElement;
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      switch (state) {
        case State.Start:
          if (b !== OPEN_BRACKET)
            throw new Error(`expected a JSON array, but the body starts with ${describe(b)}`);
          state = State.FirstElement;
          break;
        case State.FirstElement:
        case State.NextElement:
          if (b === OPEN_BRACE) {
            state = State.InElement;
            start = i;
            depth = 1;
            inString = false;
            escaped = false;
          } else if (b === CLOSE_BRACKET && state === State.FirstElement) {
            state = State.End;
          } else {
            throw new Error(`element ${count} is not an object (found ${describe(b)} at byte ${offset + i})`);
          }
          break;
        case State.AfterElement:
          if (b === COMMA) state = State.NextElement;
          else if (b === CLOSE_BRACKET) state = State.End;
          else throw new Error(`expected "," or "]" after element ${count - 1}, found ${describe(b)}`);
          break;
        case State.End:
          throw new Error(`unexpected ${describe(b)} after the end of the array at byte ${offset + i}`);
      }
    }
    if (state === State.InElement) {
      const piece = chunk.subarray(start);
      pieceBytes += piece.length;
      if (pieceBytes > maxElementBytes)
        throw new Error(`element ${count} is larger than ${maxElementBytes} bytes`);
      // A copy: the chunk may be a view of a pooled buffer that the stream reuses.
      pieces.push(Buffer.from(piece));
    }
    offset += chunk.length;
  }
  if (state !== State.End) {
    throw new Error(
      state === State.Start
        ? 'the body is empty'
        : `the array ends early, after ${count} elements (truncated)`,
    );
  }
  return count;
}

/**
 * Reads JSON Lines (one JSON value per line; blank lines and `\r\n` endings allowed), calling `onLine`
 * with each parsed value in order. Resolves to the number of values. Throws on a line that is not JSON
 * or is longer than `maxLineBytes`.
 */
export async function readJsonLines(
  body: AsyncIterable<Buffer>,
  onLine: (value: unknown, index: number) => void,
  maxLineBytes = DEFAULT_MAX_ELEMENT_BYTES,
): Promise<number> {
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let count = 0;
  let lineNo = 0;
  const emit = (bytes: Buffer): void => {
    lineNo++;
    const text = bytes.toString('utf8').trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e: unknown) {
      throw new Error(`line ${lineNo} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    onLine(value, count);
    count++;
  };
  for await (const chunk of body) {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      const tail = chunk.subarray(start, nl);
      if (pieceBytes + tail.length > maxLineBytes)
        throw new Error(`line ${lineNo + 1} is longer than ${maxLineBytes} bytes`);
      emit(pieces.length === 0 ? tail : Buffer.concat([...pieces, tail], pieceBytes + tail.length));
      pieces = [];
      pieceBytes = 0;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const piece = chunk.subarray(start);
      pieceBytes += piece.length;
      if (pieceBytes > maxLineBytes)
        throw new Error(`line ${lineNo + 1} is longer than ${maxLineBytes} bytes`);
      pieces.push(Buffer.from(piece));
    }
  }
  if (pieceBytes > 0) emit(Buffer.concat(pieces, pieceBytes));
  return count;
}
