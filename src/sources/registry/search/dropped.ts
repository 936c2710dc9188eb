/**
 * Entries by the runs of letters the search key drops (`и`, `й`, `ы`, `ь`, `ъ`, `i`, `y`, combining
 * marks) in their names, spaces ignored. A query made only of such letters (`ий`) has an empty key and
 * matches the name text itself; these lists answer it without comparing every name in the register.
 */
import { foldCharacters } from './key.js';

/** Code units below this (ASCII, Latin, Cyrillic) are classified through a table filled at load. */
const TABLE_LIMIT = 0x530;
/** 1 where the key drops the code unit (a combining mark, `и`, `y`, …), 0 where it keeps it. */
const DROPPED_UNITS = Uint8Array.from({ length: TABLE_LIMIT }, (_, unit) =>
  unit !== 32 && foldCharacters(String.fromCharCode(unit)) === '' ? 1 : 0,
);
/** Code points past the table, classified when first seen. */
const others = new Map<string, boolean>();

/**
 * Whether the key drops the code point at `i` of `text` entirely, and how many code units it takes: the
 * width, negated when it is kept.
 */
function classify(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit < TABLE_LIMIT) return DROPPED_UNITS[unit] === 1 ? 1 : -1;
  const character = String.fromCodePoint(text.codePointAt(i) ?? unit);
  let is = others.get(character);
  if (is === undefined) {
    is = foldCharacters(character) === '';
    others.set(character, is);
  }
  return is ? character.length : -character.length;
}

/**
 * Whether a name may have runs to list: it begins with a dropped letter, holds `inner` in a row (spaces
 * ignored) or a character past the table. Most names do not, and are passed over by this scan alone,
 * which allocates nothing: the index is built from every name of the register.
 */
function mayHoldRuns(text: string, inner: number): boolean {
  let streak = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit === 32) continue;
    if (unit >= TABLE_LIMIT) return true;
    if (DROPPED_UNITS[unit] === 1) {
      streak += 1;
      if (i === 0 || streak >= inner) return true;
    } else {
      streak = 0;
    }
  }
  return false;
}

/**
 * The runs of dropped letters of a name (normalised, spaces ignored): the one it begins with, and each
 * at least `inner` UTF-16 units long anywhere in it. A query of dropped letters can only match inside one
 * run, so its matches are the entries listed under runs that begin with it (a match at the start of the
 * name) or, when it is `inner` units or longer, hold it.
 */
export class DroppedRuns {
  readonly #leading = new Map<string, number[]>();
  readonly #inner = new Map<string, number[]>();

  constructor(private readonly inner: number) {}

  /** Lists entry `id` under the runs of its normalised name (entries added in ascending id order). */
  add(id: number, normalised: string): void {
    if (!mayHoldRuns(normalised, this.inner)) return;
    let run = '';
    let leading = true;
    const close = (): void => {
      if (run === '') return;
      if (leading) listUnder(this.#leading, run, id);
      if (run.length >= this.inner) listUnder(this.#inner, run, id);
      run = '';
    };
    for (let i = 0; i < normalised.length;) {
      if (normalised.charCodeAt(i) === 32) {
        i += 1;
        continue;
      }
      const width = classify(normalised, i);
      if (width > 0) {
        run += normalised.slice(i, i + width);
        i += width;
      } else {
        close();
        leading = false;
        i -= width;
      }
    }
    close();
  }

  /** The lists that can hold matches of `compact` (a query of dropped letters, without spaces). */
  lists(compact: string): number[][] {
    const found: number[][] = [];
    for (const [run, ids] of this.#leading) if (run.startsWith(compact)) found.push(ids);
    if (compact.length >= this.inner) {
      for (const [run, ids] of this.#inner) if (run.includes(compact)) found.push(ids);
    }
    return found;
  }
}

function listUnder(lists: Map<string, number[]>, run: string, id: number): void {
  const ids = lists.get(run);
  if (ids === undefined) lists.set(run, [id]);
  else if (ids[ids.length - 1] !== id) ids.push(id);
}
