/**
 * The search key: one reduced phonetic Latin spelling that a Cyrillic name and every romanisation of it
 * fold to. README.md has the table and the reasons for each merge.
 */
import { normaliseText } from './normalise.js';
import { ROMANISATIONS } from './romanise.js';

/** Latin letters with diacritics that stand for a digraph (ISO 9 and Czech-style romanisations). */
const DIGRAPH_LETTERS: Readonly<Record<string, string>> = {
  č: 'ch',
  š: 'sh',
  ž: 'zh',
  ŝ: 'shch',
  ǰ: 'j',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};
/** Steps 1 and 2 for single Latin letters: dropped, or replaced by another letter. */
const LETTER_RULES: Readonly<Record<string, string>> = { i: '', y: '', x: 'h', w: 'v', q: 'k' };
const MARKS = /\p{M}/gu;

/** Steps 0 to 2 of `keyOfNormalised` for one character, memoised (they look at one character at a time). */
const characterFolds = new Map<string, string>();
/** The same for the first code units (ASCII, Latin, Cyrillic), without a map lookup. */
const FAST_LIMIT = 0x530;
const fastFolds: (string | undefined)[] = new Array<string | undefined>(FAST_LIMIT).fill(undefined);

function foldCharacter(character: string): string {
  let folded = characterFolds.get(character);
  if (folded !== undefined) return folded;
  const latin = ROMANISATIONS[character]?.[0] ?? DIGRAPH_LETTERS[character] ?? character;
  folded = '';
  for (const letter of latin.normalize('NFD').replace(MARKS, '')) folded += LETTER_RULES[letter] ?? letter;
  characterFolds.set(character, folded);
  return folded;
}

/** Steps 0 to 2 of `keyOfNormalised` over a string. */
export function foldCharacters(text: string): string {
  let folded = '';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit === 32) continue;
    if (unit < FAST_LIMIT) {
      folded += fastFolds[unit] ?? (fastFolds[unit] = foldCharacter(text[i] ?? ''));
    } else {
      const character = String.fromCodePoint(text.codePointAt(i) ?? unit);
      i += character.length - 1;
      folded += foldCharacter(character);
    }
  }
  return folded;
}

const D = 0x64;
const K = 0x6b;
const Z = 0x7a;
const J = 0x6a;
const H = 0x68;
const S = 0x73;
const C = 0x63;
const T = 0x74;
const O = 0x6f;
const U = 0x75;
const E = 0x65;
const CH = 0x10d; // č
const SH = 0x161; // š

/** Step 3: the first index from `i` that is not in a run of `d` before `z`/`j` or of `k` before `h`. */
function kept(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const unit = s.charCodeAt(i);
    if (unit !== D && unit !== K) return i;
    let end = i + 1;
    while (s.charCodeAt(end) === unit) end += 1;
    const after = s.charCodeAt(end);
    if (unit === D ? after === Z || after === J : after === H) i = end;
    else return i;
  }
  return i;
}

/** Output buffer of `foldSymbols`, reused: key building runs a few hundred thousand times per index. */
const buffer: number[] = [];

/** Appends one symbol, applying the merges of steps 4 to 6 against the symbols before it. */
function pushSymbol(symbol: number): void {
  let code = symbol;
  for (;;) {
    const previous = buffer.length > 0 ? (buffer[buffer.length - 1] ?? -1) : -1;
    if (previous === C && (code === H || code === CH)) {
      buffer.pop();
      code = CH;
      continue;
    }
    if (previous === code || (previous === SH && code === CH) || (previous === U && code === E)) return;
    buffer.push(code);
    return;
  }
}

/** Steps 3 to 6 of `keyOfNormalised`, on a string that has been through steps 0 to 2. */
export function foldSymbols(s: string): string {
  buffer.length = 0;
  let i = kept(s, 0);
  while (i < s.length) {
    const unit = s.charCodeAt(i);
    const j = kept(s, i + 1);
    const next = s.charCodeAt(j);
    if (next === H && (unit === S || unit === C || unit === Z)) {
      pushSymbol(unit === S ? SH : unit === C ? CH : J);
      i = kept(s, j + 1);
    } else if (unit === T && next === S) {
      pushSymbol(C);
      i = kept(s, j + 1);
    } else {
      pushSymbol(unit === O ? U : unit);
      i = j;
    }
  }
  // One flat string (appending code by code would leave a rope behind in every key of the index).
  if (buffer.length <= 4096) return String.fromCharCode.apply(null, buffer);
  let out = '';
  for (let from = 0; from < buffer.length; from += 4096) {
    out += String.fromCharCode.apply(null, buffer.slice(from, from + 4096));
  }
  return out;
}

/**
 * The key of an already normalised string (`normaliseText`). The order of the steps matters and is what
 * makes every romanisation of one Cyrillic string meet (the property tests check it):
 *  0. spaces dropped; Cyrillic letters read as their MNS 5217 spelling;
 *  1. diacritics off (`ö`→`o`, `ü`→`u`, `č`→`ch`), `x`→`h`, `w`→`v`, `q`→`k`;
 *  2. `i` and `y` dropped: they only ever spell и, й, ы, the signs ь/ъ (which may also be dropped) and the
 *     glide of е, ё, ю, я (`ya`/`ia`), so no spelling of them can be kept consistently;
 *  3. `d` before `z`/`j` dropped (`Dzuunmod`), `k` before `h` dropped (`kh` = `h`);
 *  4. digraphs read left to right: `sh`→`š`, `ch`→`č`, `zh`→`j`, `ts`→`c`; then `c` before `h` or `č`
 *     → `č` (ц spelt `ts` before х), and `č` after `š` dropped (щ is both `sh` and `shch`);
 *  5. vowels to three classes: `a`; `e`; `o`/`u` → `u`, with `e` right after `u` dropped (`oe`, `ue`);
 *  6. runs of one symbol collapsed (`aa`→`a`, `tt`→`t`).
 */
export function keyOfNormalised(normalised: string): string {
  return foldSymbols(foldCharacters(normalised));
}

/**
 * The script-independent key that a Cyrillic name and every Latin romanisation of it fold to
 * (`Оюутолгой`, `Oyu Tolgoi`, `oyutolgoy` → `utulgu`). Spaces do not count. Lossy by design: it finds
 * candidates, and ranking tells them apart.
 */
export function searchKey(input: string): string {
  return keyOfNormalised(normaliseText(input));
}
