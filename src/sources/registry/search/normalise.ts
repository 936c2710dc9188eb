/**
 * Text normalisation shared by names and queries: invisible characters out, NFC, lower case,
 * punctuation to single spaces, and Cyrillic/Latin look-alikes folded to the script of their word.
 */

/**
 * Characters that render as nothing but change what a string compares as: format characters (zero-width
 * space and joiners, soft hyphen, bidi embeddings and overrides such as U+202E, BOM), controls other than
 * whitespace, variation selectors and the Mongolian free variation selectors. A right-to-left override is
 * the classic way to make a name look like another one; it is dropped, not rendered.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\u034F\u180B-\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085]/g;
/** In a `u` regex, `\p{Cs}` matches only unpaired surrogates. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;
/**
 * Apostrophes and straight quotes are removed rather than turned into spaces: BGN/PCGN writes the soft
 * and hard signs as `'` and `"` inside words ("Dar'khan"), and a space there would split the word.
 */
const APOSTROPHES = /['"`\u00B4\u02B9\u02BA\u02BB\u02BC\u2018\u2019\u201B\u2032\u2033]/g;
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;
/** `İ`.toLowerCase() is `i` + U+0307; the dot carries no meaning for search. */
const DOTTED_I = /i\u0307/g;

/**
 * Legacy substitutions seen in the register extract: fonts that lacked Ө and Ү put the Ukrainian letters
 * Є and Ї in their code points (`Өмнєговь`, `Торгоны-Їйл`). Mongolian has neither letter.
 */
const LEGACY_LETTERS: Readonly<Record<string, string>> = { є: 'ө', ї: 'ү' };
const LEGACY = /[єї]/g;

/**
 * Latin letters that pass for Cyrillic ones (lower case, after folding upper-case look-alikes such as
 * `H`/`Н`, `B`/`В`, `M`/`М`, `T`/`Т`). `v` for `ү` and `ö`/`ü` for `ө`/`ү` are keyboard substitutions of
 * Mongolian typists (`эмэгтэйчvvдийн` in the extract), `ɵ` (barred o) is a common stand-in for `ө`.
 */
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
  v: 'ү',
  ö: 'ө',
  ü: 'ү',
  ɵ: 'ө',
};

/** Cyrillic letters that pass for Latin ones, for Cyrillic letters inside a Latin word. */
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  ү: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
};

const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
/** Cheap pre-check: most register names have no Latin letter at all, so no word needs folding. */
const ANY_LATIN = /\p{Script=Latin}/u;
const ANY_CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * Most register names are Mongolian Cyrillic letters, digits, spaces and hyphens only: already NFC, with
 * nothing to strip or fold, so lower case and spacing are all there is to do.
 */
const PLAIN = /^[\u0410-\u044F\u0401\u0451\u04E8\u04E9\u04AE\u04AF0-9 -]*$/;
const PLAIN_SEPARATORS = /[ -]+/g;

type Script = 'cyrillic' | 'latin';

/**
 * The script a mixed word was meant to be in. Letters with no look-alike in the other script (`л`, `ө`,
 * `s`, `w`) are evidence; look-alikes are not. Without evidence the majority decides, and a tie goes to
 * Cyrillic, the script of the register.
 */
function intendedScript(letters: readonly string[]): Script {
  let cyrillic = 0;
  let latin = 0;
  let cyrillicEvidence = 0;
  let latinEvidence = 0;
  for (const letter of letters) {
    if (CYRILLIC_LETTER.test(letter)) {
      cyrillic += 1;
      if (CYRILLIC_TO_LATIN[letter] === undefined) cyrillicEvidence += 1;
    } else if (LATIN_LETTER.test(letter)) {
      latin += 1;
      if (LATIN_TO_CYRILLIC[letter] === undefined) latinEvidence += 1;
    }
  }
  if (cyrillicEvidence !== latinEvidence) return cyrillicEvidence > latinEvidence ? 'cyrillic' : 'latin';
  return latin > cyrillic ? 'latin' : 'cyrillic';
}

/** Folds the look-alikes of one lower-case word into the script the word was meant to be in. */
function foldWord(word: string): string {
  if (!ANY_LATIN.test(word) || !ANY_CYRILLIC.test(word)) return word;
  const letters = [...word];
  const table = intendedScript(letters) === 'cyrillic' ? LATIN_TO_CYRILLIC : CYRILLIC_TO_LATIN;
  return letters.map((letter) => table[letter] ?? letter).join('');
}

/** True when `input` holds a UTF-16 surrogate without its pair (not a Unicode scalar value sequence). */
export function hasLoneSurrogate(input: string): boolean {
  return LONE_SURROGATE.test(input);
}

/**
 * The comparable form of a name or query: lone surrogates, zero-width, bidi and control characters
 * removed; NFC; lower case (Cyrillic `Ө`→`ө`, `Ү`→`ү` included); legacy `є`/`ї` read as `ө`/`ү`;
 * Cyrillic/Latin look-alikes folded to the script of their word (`Мoscow` → `moscow`, `Оюутoлгой` →
 * `оюутолгой`); apostrophes dropped; any other run of punctuation or whitespace made one space; trimmed.
 */
export function normaliseText(input: string): string {
  if (PLAIN.test(input)) return input.toLowerCase().replace(PLAIN_SEPARATORS, ' ').trim();
  const lower = input
    .replace(LONE_SURROGATES, ' ')
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(DOTTED_I, 'i')
    .replace(LEGACY, (letter) => LEGACY_LETTERS[letter] ?? letter)
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .trim();
  if (lower === '' || !ANY_LATIN.test(lower) || !ANY_CYRILLIC.test(lower)) return lower;
  return lower.split(' ').map(foldWord).join(' ').normalize('NFC');
}
