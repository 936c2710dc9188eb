/**
 * The compressed posting lists of the name index (`name-index.ts`) and the small codes they are keyed by:
 * key trigrams, the first three symbols of a key, and sorted token keys; plus matching query tokens as a
 * phrase of name tokens.
 */

export const TRIGRAM_BASE = 40;
export const TRIGRAM_COUNT = TRIGRAM_BASE ** 3;

/** Small codes for key symbols, for trigram numbers; every other character shares one code. */
export function symbolCode(unit: number): number {
  if (unit >= 97 && unit <= 122) return unit - 96; // a-z: 1..26
  if (unit >= 48 && unit <= 57) return unit - 21; // 0-9: 27..36
  if (unit === 0x10d) return 37; // č
  if (unit === 0x161) return 38; // š
  return 39;
}

/** The trigram number of the three key symbols from `i`. */
export function trigramAt(key: string, i: number): number {
  return (
    (symbolCode(key.charCodeAt(i)) * TRIGRAM_BASE + symbolCode(key.charCodeAt(i + 1))) * TRIGRAM_BASE +
    symbolCode(key.charCodeAt(i + 2))
  );
}

/** The distinct trigram numbers of a key, in order of first appearance. */
export function trigramsOf(key: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 < key.length; i += 1) {
    const code = trigramAt(key, i);
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** The list holding a key in the prefix postings: its first three symbols, 0 past the end of the key. */
export function prefixCode(key: string): number {
  const code = (i: number): number => (i < key.length ? symbolCode(key.charCodeAt(i)) : 0);
  return (code(0) * TRIGRAM_BASE + code(1)) * TRIGRAM_BASE + code(2);
}

/** The first index in [0, length) whose `at(index)` is not below `target`; `at` must ascend. */
export function lowerBound(length: number, at: (i: number) => string, target: string): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (at(middle) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The first index in [from, to) of ascending `ids` whose id is not below `id`, or `to`: a galloping
 * search, so a walk through a run many times longer than its own costs a few reads per step.
 */
export function forward(ids: ArrayLike<number>, from: number, to: number, id: number): number {
  if (from >= to || (ids[from] ?? 0) >= id) return from;
  // ids[low] < id throughout; grow the step until ids[high] >= id or the run ends.
  let low = from;
  let step = 1;
  let high = from + 1;
  while (high < to && (ids[high] ?? 0) < id) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > to) high = to;
  while (low + 1 < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] ?? 0) < id) low = middle;
    else high = middle;
  }
  return high;
}

/** Past every string that starts with a prefix: no key holds U+FFFF (normalisation removes it). */
export const PREFIX_END = '\uffff';

/** Compressed postings: the ids of list `n` are `ids[start[n]] .. ids[start[n + 1] - 1]`. */
export interface Postings {
  readonly start: Uint32Array;
  readonly ids: Uint32Array;
}

/**
 * Builds postings in two passes over the entries (count, then fill), so no per-entry lists are kept:
 * `each(id, emit)` emits the lists entry `id` belongs to, the same ones both times, each list once.
 * Each list holds its ids in the order of `order` (every id once), ascending without it.
 */
export function buildPostings(
  lists: number,
  size: number,
  each: (id: number, emit: (list: number) => void) => void,
  order?: ArrayLike<number>,
): Postings {
  const start = new Uint32Array(lists + 1);
  const count = (list: number): void => {
    start[list + 1] = (start[list + 1] ?? 0) + 1;
  };
  for (let id = 0; id < size; id += 1) each(id, count);
  for (let n = 0; n < lists; n += 1) start[n + 1] = (start[n + 1] ?? 0) + (start[n] ?? 0);
  const fill = start.slice(0, lists);
  const ids = new Uint32Array(start[lists] ?? 0);
  let current = 0;
  const place = (list: number): void => {
    const at = fill[list] ?? 0;
    ids[at] = current;
    fill[list] = at + 1;
  };
  for (let n = 0; n < size; n += 1) {
    current = order === undefined ? n : (order[n] ?? 0);
    each(current, place);
  }
  return { start, ids };
}

/** Scratch of `phraseAt`: where each name token begins (grown when a name has more tokens). */
let starts = new Int32Array(64);

/**
 * The first token position from which the query token keys are prefixes of consecutive name tokens, or
 * -1. Both sides as the index stores them: `tokens` is each key of the name preceded by a space, and so
 * is each of `phrase`. Allocates nothing, as it runs for every scored candidate.
 */
export function phraseAt(tokens: string, phrase: readonly string[]): number {
  if (phrase.length === 0) return -1;
  if (phrase.length === 1) {
    // The common case: position 0 or "somewhere".
    const needle = phrase[0] ?? '';
    return tokens.startsWith(needle) ? 0 : tokens.includes(needle) ? 1 : -1;
  }
  let count = 0;
  for (let at = tokens.indexOf(' '); at >= 0; at = tokens.indexOf(' ', at + 1)) {
    if (count === starts.length) starts = Int32Array.from({ length: count * 2 }, (_, i) => starts[i] ?? 0);
    starts[count] = at;
    count += 1;
  }
  // A phrase longer than the name (`ху ху ху …` repeated) ends the loop before it starts.
  for (let p = 0; p + phrase.length <= count; p += 1) {
    let i = 0;
    while (i < phrase.length && tokens.startsWith(phrase[i] ?? '', starts[p + i])) i += 1;
    if (i === phrase.length) return p;
  }
  return -1;
}
