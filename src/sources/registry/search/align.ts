/**
 * The romanisation of a name that a Latin query spelt: each Cyrillic letter of the name takes the option
 * (`ROMANISATIONS`) the query used where the query lines up with it, and its MNS 5217 spelling elsewhere.
 */
import { ROMANISATIONS } from './romanise.js';

/** Where the query text may line up with the name. */
export type AlignMode = 'whole' | 'prefix' | 'anywhere';

function optionsOf(letter: string): readonly string[] {
  const options = ROMANISATIONS[letter];
  // A letter always matches itself, so Cyrillic or mixed queries line up too.
  return options === undefined ? [letter] : [...options, letter];
}

/**
 * Lines `query` (normalised, without spaces) up with the letters of a normalised name, spelling each
 * letter with one of its options; spaces of the name consume nothing. In `whole` mode query and name must
 * end together; in `prefix` mode the query may end inside the name (even inside a letter's spelling); in
 * `anywhere` mode it may also start at any letter. A letter that repeats the query's last character may
 * spell nothing (doubled letters written once). On success the chosen option of each lined-up letter is
 * written to `choices` (other entries are left alone) and true is returned.
 */
export function align(
  letters: readonly string[],
  query: string,
  mode: AlignMode,
  choices: (string | undefined)[],
): boolean {
  const width = query.length + 1;
  const failed = new Set<number>();
  const path: string[] = [];
  let end = 0;

  const visit = (i: number, j: number): boolean => {
    if (j === query.length && (mode !== 'whole' || i === letters.length)) {
      end = i;
      return true;
    }
    if (i === letters.length || failed.has(i * width + j)) return false;
    const letter = letters[i] ?? '';
    if (letter === ' ') {
      path[i] = ' ';
      if (visit(i + 1, j)) return true;
    } else {
      const options = optionsOf(letter);
      for (const option of options) {
        const fits =
          query.startsWith(option, j) ||
          (mode !== 'whole' && j < query.length && option.startsWith(query.slice(j)));
        if (!fits) continue;
        path[i] = option;
        if (visit(i + 1, Math.min(query.length, j + option.length))) return true;
      }
      // A doubled letter written once (`oyu` for `оюу`, `Ulanbator`): the letter repeats what the query
      // spelt last and spells nothing itself.
      const last = query[j - 1];
      if (last !== undefined && options.includes(last)) {
        path[i] = '';
        if (visit(i + 1, j)) return true;
      }
    }
    failed.add(i * width + j);
    return false;
  };

  const starts = mode === 'anywhere' ? letters.length : 1;
  for (let start = 0; start < starts; start += 1) {
    if (letters[start] === ' ') continue;
    if (visit(start, 0)) {
      for (let i = start; i < end; i += 1) choices[i] = path[i];
      return true;
    }
  }
  return false;
}

/**
 * Bounds on lining a query up with a name (recursion depth and work): beyond them a hit reports the MNS
 * spelling. Register names are at most about 300 letters long.
 */
const MAX_ALIGNMENT_LETTERS = 1_000;
const MAX_ALIGNMENT_WORK = 20_000;

/** Whether lining `query` up with `letters` stays within the bounds above. */
export function alignable(letters: readonly string[], query: string): boolean {
  return letters.length <= MAX_ALIGNMENT_LETTERS && letters.length * query.length <= MAX_ALIGNMENT_WORK;
}
