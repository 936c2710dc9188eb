/**
 * Which posting runs one search reads, found before any is read. Every run's length is known from the
 * postings' offsets, so the work a query would take is known up front (README.md, "Work bounds").
 */
import { ErrorCode, GatewayError } from '../../../domain/errors.js';
import { quoteInput } from '../../../domain/quote.js';
import type { DroppedRuns } from './dropped.js';
import { MASK_WORDS, writeMask } from './masks.js';
import {
  PREFIX_END,
  TRIGRAM_BASE,
  lowerBound,
  prefixCode,
  symbolCode,
  trigramsOf,
  type Postings,
} from './postings.js';
import type { ParsedQuery } from './query.js';

/** The code `symbolCode` gives every character outside the key alphabet. */
const OTHER_SYMBOL = 39;

/**
 * The next rarest trigram's run is read beside the rarest's when it holds fewer than this many times as
 * many ids: checking an entry id against it (a forward search in ascending ids) costs far less than
 * reading the entry's key.
 */
const NARROW_RATIO = 16;

/** Shortest query key searched as a substring; shorter keys match by prefix only. */
export const MIN_SUBSTRING_KEY = 3;

/**
 * Most entry ids one search reads from its posting lists (README.md, "Work bounds"). The runs a query
 * needs are known before any is read, so a query over this is refused as too broad rather than answered
 * in part; every query of the register extract stays below it (the broadest, a single common letter such
 * as `h`, reads about 69,000).
 */
export const MAX_SEARCH_POSTINGS = 120_000;

/** The index's lists a plan points into. */
export interface SearchLists {
  /** Entries by the first three symbols of their key (`prefixCode`). */
  readonly prefix: Postings;
  /** Entries by key trigram. */
  readonly trigrams: Postings;
  /** Entries by token key, in the order of `vocabulary`. */
  readonly tokens: Postings;
  /** Distinct token keys in order. */
  readonly vocabulary: readonly string[];
  /** Entries by runs of letters the key drops. */
  readonly dropped: DroppedRuns;
}

/** One run of a posting list: `ids[from] .. ids[to - 1]`. */
export interface Run {
  readonly ids: ArrayLike<number>;
  readonly from: number;
  readonly to: number;
}

/** The runs one search reads. */
export interface Plan {
  readonly prefix: Run | null;
  /** Whether prefix-run entries must be checked with `startsWith` (keys over three symbols). */
  readonly verifyPrefix: boolean;
  readonly substring: Run | null;
  /**
   * The run of the next rarest key trigram, read beside `substring` where the bound leaves room for it:
   * an entry missing from it cannot hold the key, so its key is not read.
   */
  readonly narrow: Run | null;
  /**
   * The rarest word's run. With more than one word, every entry of it must hold the bits of all words
   * (`need`, `masks.ts`), and the words of two symbols or more other than the rarest (`needles`, rarest
   * first) in its tokens: a word of one symbol of the key alphabet is checked by its bit alone.
   */
  readonly token: Run | null;
  readonly need: Uint32Array | null;
  readonly needles: readonly string[];
  /** For a key of only dropped letters: the run lists that can hold matches. */
  readonly dropped: readonly number[][];
}

/** The ids a run holds. */
export const size = (run: Run | null): number => (run === null ? 0 : run.to - run.from);

/** The ids a plan must read in all (`narrow`, read only within the bound, is not counted). */
export function plannedPostings(plan: Plan): number {
  let total = size(plan.prefix) + size(plan.substring) + size(plan.token);
  for (const ids of plan.dropped) total += ids.length;
  return total;
}

/**
 * The runs a query needs: the prefix run of its key, the run of its rarest key trigram (keys of three
 * symbols or more) and the run of its rarest word; for a key of only dropped letters, the dropped-run
 * lists that can hold it. Throws `GatewayError` (`BAD_USER_INPUT`) when they hold more than
 * `maxPostings` ids in all (`text` is the query as sent): refused before any is read, never answered in
 * part.
 */
export function planSearch(query: ParsedQuery, lists: SearchLists, text: string, maxPostings: number): Plan {
  const plan = runsOf(query, lists);
  const planned = plannedPostings(plan);
  if (planned > maxPostings) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Search text ${quoteInput(text)} is too broad: answering it would read ${planned} register entries, ` +
        `and a search reads at most ${maxPostings}; add letters or words.`,
    );
  }
  return planned + size(plan.narrow) > maxPostings ? { ...plan, narrow: null } : plan;
}

function runsOf(query: ParsedQuery, lists: SearchLists): Plan {
  const key = query.key;
  if (key === '') {
    const dropped = lists.dropped.lists(query.compact);
    return {
      prefix: null,
      verifyPrefix: false,
      substring: null,
      narrow: null,
      token: null,
      need: null,
      needles: [],
      dropped,
    };
  }
  const code = prefixCode(key);
  // Shorter keys cover every list that continues them: codes code .. code + span - 1.
  const span = key.length >= 3 ? 1 : key.length === 2 ? TRIGRAM_BASE : TRIGRAM_BASE * TRIGRAM_BASE;
  const verifyPrefix =
    key.length > 3 || [...key.slice(0, 3)].some((c) => symbolCode(c.charCodeAt(0)) === OTHER_SYMBOL);
  const prefix: Run = {
    ids: lists.prefix.ids,
    from: lists.prefix.start[code] ?? 0,
    to: lists.prefix.start[code + span] ?? 0,
  };

  // The rarest key trigram's run, and the next rarest's.
  let substring: Run | null = null;
  let narrow: Run | null = null;
  if (key.length >= MIN_SUBSTRING_KEY) {
    const { start, ids } = lists.trigrams;
    for (const trigram of trigramsOf(key)) {
      const run = { ids, from: start[trigram] ?? 0, to: start[trigram + 1] ?? 0 };
      if (substring === null || size(run) < size(substring)) [substring, narrow] = [run, substring];
      else if (narrow === null || size(run) < size(narrow)) narrow = run;
    }
  }

  // Each word's run: the entries holding a token that begins with it, contiguous in the token postings.
  const { start, ids } = lists.tokens;
  const vocabulary = lists.vocabulary;
  const at = (i: number): string => vocabulary[i] ?? '';
  const runs = query.words.map((word) => {
    const low = lowerBound(vocabulary.length, at, word);
    const high = lowerBound(vocabulary.length, at, word + PREFIX_END);
    return { word, run: { ids, from: start[low] ?? 0, to: start[high] ?? 0 } };
  });
  runs.sort((a, b) => size(a.run) - size(b.run));
  // One word needs no check: its run is the answer.
  let need: Uint32Array | null = null;
  if (query.words.length > 1) {
    need = new Uint32Array(MASK_WORDS);
    writeMask(query.words, need, 0);
  }
  return {
    prefix,
    verifyPrefix,
    // A trigram no entry holds means no entry holds the key either.
    substring: substring !== null && size(substring) > 0 ? substring : null,
    // Worth reading only where it leaves out more entries than it holds ids; never with an empty rarest.
    narrow:
      substring !== null &&
      narrow !== null &&
      size(substring) > 0 &&
      size(narrow) < NARROW_RATIO * size(substring)
        ? narrow
        : null,
    token: runs[0]?.run ?? null,
    need,
    // Symbols outside the key alphabet share one code, so a word of one of them needs its text checked too.
    needles: runs
      .slice(1)
      .filter(({ word }) => word.length > 1 || symbolCode(word.charCodeAt(0)) === OTHER_SYMBOL)
      .map(({ word }) => ` ${word}`),
    dropped: [],
  };
}
