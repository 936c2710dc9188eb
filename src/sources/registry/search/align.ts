/**
 * The romanisation of a name that a Latin query spelt: each Cyrillic letter of the name takes the option
 * (`ROMANISATIONS`) the query used where the query lines up with it, and its MNS 5217 spelling elsewhere.
 */
import type { ParsedQuery } from './query.js';
import { ROMANISATIONS, romaniseStandard } from './romanise.js';

/** Where the query text may line up with the name. */
export type AlignMode = 'whole' | 'anywhere';

/**
 * Steps one search may still spend lining queries up with names, shared by every `align` call of the
 * search: once spent, lining up fails and hits report the MNS 5217 spelling.
 */
export interface AlignBudget {
  left: number;
}

const optionLists = new Map<string, readonly string[]>();

function optionsOf(letter: string): readonly string[] {
  let options = optionLists.get(letter);
  if (options === undefined) {
    const spellings = ROMANISATIONS[letter];
    // A letter always matches itself, so Cyrillic or mixed queries line up too.
    options = spellings === undefined ? [letter] : [...spellings, letter];
    optionLists.set(letter, options);
  }
  return options;
}

/** Whether `option` begins with the rest of `query` from `j` (the query ends inside the option). */
function endsInside(option: string, query: string, j: number): boolean {
  const rest = query.length - j;
  if (rest <= 0 || option.length < rest) return false;
  for (let k = 0; k < rest; k += 1) if (option.charCodeAt(k) !== query.charCodeAt(j + k)) return false;
  return true;
}

/**
 * Positions (letter, query offset) known to fail, for the `align` call under way: a position is marked
 * with the call's stamp, so the scratch is reused without clearing.
 */
let failedAt = new Uint32Array(32 * 1024);
let alignStamp = 0;

/**
 * Lines `query` (normalised, without spaces) up with the letters of a normalised name, spelling each
 * letter with one of its options; spaces of the name consume nothing. In `whole` mode query and name must
 * end together; in `anywhere` mode the query may end inside the name (even inside a letter's spelling) and
 * start at any letter, the first letter tried first (so a match from the start wins). A letter that repeats the query's last character may
 * spell nothing (doubled letters written once). On success the chosen option of each lined-up letter is
 * written to `choices` (other entries are left alone) and true is returned. Each position tried takes
 * one step of `budget`; when it runs out the call fails.
 */
export function align(
  letters: readonly string[],
  query: string,
  mode: AlignMode,
  choices: (string | undefined)[],
  budget: AlignBudget = { left: Infinity },
): boolean {
  const width = query.length + 1;
  const positions = (letters.length + 1) * width;
  if (positions > failedAt.length) failedAt = new Uint32Array(positions);
  alignStamp += 1;
  if (alignStamp === 0xffffffff) {
    failedAt.fill(0);
    alignStamp = 1;
  }
  const stamp = alignStamp;
  const path: string[] = [];
  let end = 0;

  const visit = (i: number, j: number): boolean => {
    if (j === query.length && (mode !== 'whole' || i === letters.length)) {
      end = i;
      return true;
    }
    if (i === letters.length || failedAt[i * width + j] === stamp || budget.left <= 0) return false;
    budget.left -= 1;
    const letter = letters[i] ?? '';
    if (letter === ' ') {
      path[i] = ' ';
      if (visit(i + 1, j)) return true;
    } else {
      const options = optionsOf(letter);
      for (const option of options) {
        const fits = query.startsWith(option, j) || (mode !== 'whole' && endsInside(option, query, j));
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
    failedAt[i * width + j] = stamp;
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

/**
 * What `SearchHit.matchedVariant` holds for the normalised name of a hit: for a query without Latin
 * letters, the name itself, the form the query matched. For a query with Latin letters, the romanisation
 * of the whole name that the query spelt: letters the query lines up with (the whole name, else from
 * anywhere in it, the start first, else token by token) take the query's spelling (`oyu tolgoi` →
 * `oyutolgoi`); other letters are spelt as the query spelt the same letter elsewhere (`khuvsg` →
 * `khuvsgul` for «Хөвсгөл»), else in MNS 5217 (`hovsgol` → `hovsgol ekh` for «Хөвсгөл-Эх»). A query
 * that lines up nowhere (it matched only through the search key) yields the MNS 5217 spelling, as do the
 * letters not yet lined up once the search has spent `budget`.
 */
export function matchedVariant(
  normalised: string,
  query: Pick<ParsedQuery, 'latin' | 'compact' | 'texts'>,
  budget: AlignBudget,
): string {
  if (!query.latin) return normalised;
  const letters = [...normalised];
  const choices: (string | undefined)[] = [];
  if (budget.left > 0 && alignable(letters, query.compact)) {
    const aligned =
      align(letters, query.compact, 'whole', choices, budget) ||
      align(letters, query.compact, 'anywhere', choices, budget);
    if (!aligned) {
      for (const token of query.texts) align(letters, token, 'anywhere', choices, budget);
    }
  }
  // Letters the query did not line up with are spelt as the query spelt the same letter elsewhere.
  const spelling = new Map<string, string>();
  letters.forEach((letter, i) => {
    const choice = choices[i];
    if (choice !== undefined && choice !== '' && !spelling.has(letter)) spelling.set(letter, choice);
  });
  return letters.map((letter, i) => choices[i] ?? spelling.get(letter) ?? romaniseStandard(letter)).join('');
}
