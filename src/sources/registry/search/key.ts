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
/** Step 1 and 2 for single Latin letters: dropped, or replaced by another letter. */
const LETTER_RULES: Readonly<Record<string, string>> = { i: '', y: '', x: 'h', w: 'v', q: 'k' };
const MARKS = /\p{M}/gu;

/** Steps 1 and 2 of `foldLatin` for one character, memoised (they look at one character at a time). */
const characterFolds = new Map<string, string>();
function foldCharacter(character: string): string {
  let folded = characterFolds.get(character);
  if (folded !== undefined) return folded;
  const latin = ROMANISATIONS[character]?.[0] ?? DIGRAPH_LETTERS[character] ?? character;
  folded = '';
  for (const letter of latin.normalize('NFD').replace(MARKS, '')) folded += LETTER_RULES[letter] ?? letter;
  characterFolds.set(character, folded);
  return folded;
}

/** Step 3: runs of `d` before `z`/`j` and of `k` before `h` dropped. */
function dropSilent(s: string): string {
  if (!s.includes('d') && !s.includes('k')) return s;
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] ?? '';
    if (c === 'd' || c === 'k') {
      let end = i + 1;
      while (s[end] === c) end += 1;
      const after = s[end];
      if (c === 'd' ? after === 'z' || after === 'j' : after === 'h') {
        i = end - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Steps 3 to 6 of `foldLatin`, on a string that has been through steps 1 and 2. */
function foldSymbols(input: string): string {
  const s = dropSilent(input);
  const symbols: string[] = [];
  const push = (symbol: string): void => {
    const previous = symbols[symbols.length - 1];
    if (previous === 'c' && (symbol === 'h' || symbol === 'č')) {
      symbols.pop();
      push('č');
    } else if (previous !== symbol && !(previous === 'š' && symbol === 'č') && !(previous === 'u' && symbol === 'e')) {
      symbols.push(symbol);
    }
  };
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] ?? '';
    const next = s[i + 1];
    if (next === 'h' && (c === 's' || c === 'c' || c === 'z')) {
      push(c === 's' ? 'š' : c === 'c' ? 'č' : 'j');
      i += 1;
    } else if (c === 't' && next === 's') {
      push('c');
      i += 1;
    } else {
      push(c === 'o' ? 'u' : c);
    }
  }
  return symbols.join('');
}

/**
 * Folds a compact (space-free) Latin string to its key. The order of the steps matters and is what makes
 * every romanisation of one Cyrillic string meet (the property tests check it):
 *  1. diacritics off (`ö`→`o`, `ü`→`u`, `č`→`ch`), `x`→`h`, `w`→`v`, `q`→`k`;
 *  2. `i` and `y` dropped: they only ever spell и, й, ы, the signs ь/ъ (which may also be dropped) and the
 *     glide of е, ё, ю, я (`ya`/`ia`), so no spelling of them can be kept consistently;
 *  3. `d` before `z`/`j` dropped (`Dzuunmod`), `k` before `h` dropped (`kh` = `h`);
 *  4. digraphs read left to right: `sh`→`š`, `ch`→`č`, `zh`→`j`, `ts`→`c`; then `c` before `h` or `č`
 *     → `č` (ц spelt `ts` before х), and `č` after `š` dropped (щ is both `sh` and `shch`);
 *  5. vowels to three classes: `a`; `e`; `o`/`u` → `u`, with `e` right after `u` dropped (`oe`, `ue`);
 *  6. runs of one symbol collapsed (`aa`→`a`, `tt`→`t`).
 * Cyrillic letters in the input are read as their MNS 5217 spelling first.
 */
export function foldLatin(compact: string): string {
  let folded = '';
  for (const character of compact) folded += foldCharacter(character);
  return foldSymbols(folded);
}

/** The key of an already normalised string (`normaliseText`): spaces dropped, then `foldLatin`. */
export function keyOfNormalised(normalised: string): string {
  let folded = '';
  for (const character of normalised) if (character !== ' ') folded += foldCharacter(character);
  return foldSymbols(folded);
}

/**
 * The script-independent key that a Cyrillic name and every Latin romanisation of it fold to
 * (`Оюутолгой`, `Oyu Tolgoi`, `oyutolgoy` → `utulgu`). Spaces do not count. Lossy by design: it finds
 * candidates, and ranking tells them apart.
 */
export function searchKey(input: string): string {
  return keyOfNormalised(normaliseText(input));
}
