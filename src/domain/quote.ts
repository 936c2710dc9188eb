/**
 * Client input inside messages. Every message that repeats what a client sent goes through `quoteInput`,
 * so an error can never carry a header or log-line injection (CR, LF, NUL), reorder the text around it
 * (bidi controls), hide characters (zero-width, format characters), or grow with the input.
 */

/** Code points of client input quoted at most, by default. */
export const QUOTE_MAX_CODE_POINTS = 40;

/**
 * What `quoteInput` writes as a `\u` escape even though JSON allows it raw: controls (C0, DEL, C1),
 * format characters (bidi controls, zero-width characters, the BOM, tag characters), line and paragraph
 * separators, spaces other than U+0020, and surrogates left alone by a cut or sent alone.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}/gu;

/** `\uXXXX` for each UTF-16 unit of `ch`, as JSON writes an escape (astral characters as a pair). */
function escape(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * Client input as a JSON string literal for a message: at most `max` code points (cut between code
 * points, never inside a pair; a cut is marked by `…` after the closing quote), JSON-escaped (`"`, `\`,
 * controls), and every invisible or reordering character written as a `\u` escape. Parsing the quoted
 * part as JSON gives back exactly the characters shown. Short, printable input reads as itself:
 * `quoteInput('2657457')` is `"2657457"`, as `JSON.stringify` would write it.
 */
export function quoteInput(input: string, max: number = QUOTE_MAX_CODE_POINTS): string {
  let shown = input;
  let cut = false;
  // Most input is short: only count code points when the UTF-16 length could be over the limit.
  if (input.length > max) {
    const points = Array.from(input);
    if (points.length > max) {
      shown = points.slice(0, max).join('');
      cut = true;
    }
  }
  const quoted = JSON.stringify(shown).replace(INVISIBLE, escape);
  return cut ? `${quoted}…` : quoted;
}

/**
 * Text that may hold client input somewhere inside it (a message written by a library), with every
 * invisible or reordering character made visible as a `\u` escape, as `quoteInput` writes it.
 */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, escape);
}
