/**
 * Text re-encoded into another character encoding, for the `charset` fault: a publisher that serves its
 * JSON in ISO-8859-1, windows-1251 or UTF-16. Node encodes only UTF-8, Latin-1 and UTF-16 LE itself, so a
 * single-byte encoding is encoded through the table its own `TextDecoder` gives for the 256 bytes.
 */

/** Encodings the `charset` fault can write besides the single-byte ones. */
const UNICODE = ['utf-8', 'utf-16le', 'utf-16be'];

/** The Encoding standard's single-byte encodings (its "Legacy single-byte encodings"), by name. */
const SINGLE_BYTE =
  /^(ibm866|iso-8859-\d{1,2}|koi8-[ru]|macintosh|windows-874|windows-125\d|x-mac-cyrillic)$/;

/** Byte-order marks, by encoding. */
const MARKS: Readonly<Record<string, readonly number[]>> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
};

/** What a character a single-byte encoding lacks becomes, as servers that transcode write it. */
const MISSING = 0x3f; // '?'

/**
 * The Encoding standard's index-windows-1252 for bytes 0x80–0x9F: Node 20's `TextDecoder` reads them as
 * Latin-1's C1 controls, so the table is not taken from it there.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const tables = new Map<string, ReadonlyMap<string, number>>();

/** The Encoding standard's name of `label` when the fault can write it; `null` otherwise. */
export function writableEncoding(label: string): string | null {
  let name: string;
  try {
    name = new TextDecoder(label).encoding;
  } catch {
    return null;
  }
  return UNICODE.includes(name) || SINGLE_BYTE.test(name) ? name : null;
}

/** The character → byte table of a single-byte encoding, from its decoder (the lowest byte wins). */
function singleByte(name: string): ReadonlyMap<string, number> {
  const held = tables.get(name);
  if (held !== undefined) return held;
  const decoder = new TextDecoder(name);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const char =
      name === 'windows-1252' && b >= 0x80 && b <= 0x9f
        ? (WINDOWS_1252_C1[b - 0x80] as string)
        : decoder.decode(Uint8Array.of(b));
    if (char !== '\ufffd' && !table.has(char)) table.set(char, b);
  }
  tables.set(name, table);
  return table;
}

/** `text` in the encoding `name` (from `writableEncoding`), with its byte-order mark first when asked. */
export function encodeText(text: string, name: string, bom: boolean): Buffer {
  const mark = Buffer.from(bom ? (MARKS[name] ?? []) : []);
  let bytes: Buffer;
  if (name === 'utf-8') bytes = Buffer.from(text, 'utf8');
  else if (name === 'utf-16le') bytes = Buffer.from(text, 'utf16le');
  else if (name === 'utf-16be') bytes = Buffer.from(text, 'utf16le').swap16();
  else {
    if (!SINGLE_BYTE.test(name)) throw new Error(`${name} is not an encoding the replay server can write.`);
    const table = singleByte(name);
    bytes = Buffer.from([...text].map((char) => table.get(char) ?? MISSING));
  }
  return Buffer.concat([mark, bytes]);
}
