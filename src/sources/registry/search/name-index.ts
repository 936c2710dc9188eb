/**
 * An in-memory name index over the legal-entity register. Built once from precomputed search keys, with
 * three posting lists, all compressed arrays of entry ids: by the first three key symbols (exact and
 * prefix matches), by token key in sorted order (every query token a prefix of a name token) and by key
 * trigram (substrings). A query reads the postings of its key prefix, its rarest word and its rarest
 * trigram, never the whole register, in band order, and scores lower bands only when they can still reach
 * the page; each walk reads as few of the entries' strings as it can (README.md, "Index and speed"). Its
 * work is bounded and counted (README.md, "Work bounds"). Over 400 lines because the walks and the
 * scoring read the index's packed per-entry arrays in its hottest loops: they stay methods of the one class
 * that holds those arrays, rather than functions handed a dozen of them.
 */
import type { LegalForm } from '../../../domain/organization.js';
import { align, alignable, matchedVariant, type AlignBudget } from './align.js';
import { DroppedRuns } from './dropped.js';
import { foldCharacters, foldSymbols } from './key.js';
import { MASK_WORDS, MaskBuilder, holdsMask } from './masks.js';
import { topSorted } from './order.js';
import {
  MAX_SEARCH_POSTINGS,
  MIN_SUBSTRING_KEY,
  planSearch,
  size,
  type Plan,
  type SearchLists,
} from './plan.js';
import { normaliseText } from './normalise.js';
import {
  PREFIX_END,
  TRIGRAM_COUNT,
  buildPostings,
  forward,
  lowerBound,
  phraseAt,
  prefixCode,
  trigramAt,
} from './postings.js';
import { parseQuery, validatePaging, type ParsedQuery } from './query.js';
import {
  newSearchWork,
  type SearchBounds,
  type IndexedName,
  type SearchOptions,
  type SearchResult,
  type SearchWork,
} from './types.js';

export type { IndexedName, SearchBounds, SearchOptions, SearchResult, SearchWork } from './types.js';

/**
 * Score bands (README.md, "Ranking"). Within a band, key coverage (query key length / name key length)
 * lifts shorter names, a matching token structure adds `TOKEN_BONUS`, and `LENGTH_PENALTY` at most breaks
 * the remaining ties towards shorter names. Bands never overlap.
 */
const EXACT_NAME = 1;
const EXACT_KEY = 0.9;
const LITERAL_BONUS = 0.04;
const KEY_PREFIX = 0.7;
const TOKEN_PREFIX = 0.5;
const SUBSTRING = 0.3;
const COVERAGE_WEIGHT = 0.15;
const TOKEN_BONUS = 0.02;
const LENGTH_PENALTY = 0.001;
/** Normalised length at which the length penalty is full. */
const PENALTY_LENGTH = 300;

/**
 * Steps one search may spend lining a Latin query up with the names of its page (`matchedVariant`);
 * past it, letters not yet lined up are spelt in MNS 5217, as for a name the query cannot line up with.
 * Typical Latin queries take a few hundred steps for a page of 100 (the 99th percentile about 8,000).
 */
export const MAX_ALIGN_STEPS = 20_000;

/** The bounds a search runs within unless its index is given others. */
export const DEFAULT_BOUNDS: SearchBounds = { maxPostings: MAX_SEARCH_POSTINGS, alignSteps: MAX_ALIGN_STEPS };

/**
 * What a walk knows of an entry it reached first: nothing (scored in full), or that the entry is in the
 * key-prefix band (its key starts with the query's and is longer), the token band or the substring band.
 */
const ANY = 0;
const PREFIX = 1;
const WORDS = 2;
const INSIDE = 3;
type Band = typeof ANY | typeof PREFIX | typeof WORDS | typeof INSIDE;
type Consider = (id: number, band: Band) => void;

/** In `#firstTokens`: the first token key is not known to begin the name's key. */
const UNKNOWN = 0xffff;

/**
 * Search over register names by Cyrillic or Latin input (`oyu tolgoi`, `Оюу толгой`, `ОЮУТОЛГОЙ` all find
 * «Оюутолгой»). Entries with a register number already indexed are skipped (the first one wins).
 */
export class NameIndex {
  readonly #registerNumbers: string[] = [];
  readonly #names: string[] = [];
  readonly #legalForms: LegalForm[] = [];
  readonly #normalised: string[] = [];
  /** Normalised name lengths up to `PENALTY_LENGTH`, packed: scoring reads them for every candidate. */
  readonly #lengths: Uint16Array;
  /** Key lengths, packed, for the coverage of lower-band candidates. */
  readonly #keyLengths: Uint32Array;
  /** Token counts, packed: a phrase longer than a name is not looked for in it. */
  readonly #tokenCounts: Uint32Array;
  /**
   * The length of each name's first token key where that key begins the name's key (`UNKNOWN` where it
   * does not, or the name has no token): for a one-word query whose key begins the name's, whether the
   * word begins the first token is then a comparison of lengths, without reading the tokens.
   */
  readonly #firstTokens: Uint16Array;
  /** The beginnings of each entry's token keys as bits (`masks.ts`), `MASK_WORDS` per entry. */
  readonly #masks: Uint32Array;
  readonly #keys: string[] = [];
  /** Token keys of each name, each preceded by a space: `" tavan tulgu"`. */
  readonly #tokens: string[] = [];
  /** The posting lists (`plan.ts`). */
  readonly #lists: SearchLists;
  readonly #bounds: SearchBounds;
  /** Per-search scratch: the search stamp that last saw an entry, and its score. */
  readonly #seen: Uint32Array;
  readonly #scores: Float64Array;
  #stamp = 0;

  /** `bounds` default to `DEFAULT_BOUNDS`, which suit the whole register. */
  constructor(entries: Iterable<IndexedName>, bounds: Partial<SearchBounds> = {}) {
    this.#bounds = { ...DEFAULT_BOUNDS, ...bounds };
    const numbers = new Set<string>();
    const tokenIds = new Map<string, number>();
    // The distinct token ids of every entry, flat: entry n's are tokenList[tokenStart[n] .. tokenStart[n + 1]).
    const tokenList: number[] = [];
    const tokenStart: number[] = [0];
    const tokenCounts: number[] = [];
    const firstTokens: number[] = [];
    const masks = new MaskBuilder();
    const dropped = new DroppedRuns(MIN_SUBSTRING_KEY);
    for (const entry of entries) {
      if (numbers.has(entry.registerNumber)) continue;
      numbers.add(entry.registerNumber);
      const normalised = normaliseText(entry.name);
      // The name's key folds the characters of all tokens together, so fold each character once.
      const folded = normalised.split(' ').map(foldCharacters);
      const tokenKeys: string[] = [];
      const first = tokenList.length;
      for (const part of folded) {
        const token = foldSymbols(part);
        if (token === '') continue;
        tokenKeys.push(token);
        let id = tokenIds.get(token);
        if (id === undefined) {
          id = tokenIds.size;
          tokenIds.set(token, id);
        }
        if (tokenList.indexOf(id, first) < 0) tokenList.push(id);
      }
      tokenStart.push(tokenList.length);
      masks.add(tokenKeys);
      this.#registerNumbers.push(entry.registerNumber);
      this.#names.push(entry.name);
      this.#legalForms.push(entry.legalForm);
      dropped.add(this.#normalised.length, normalised);
      this.#normalised.push(normalised);
      const key = folded.length === 1 ? foldSymbols(folded[0] ?? '') : foldSymbols(folded.join(''));
      this.#keys.push(key);
      this.#tokens.push(tokenKeys.length === 0 ? '' : ` ${tokenKeys.join(' ')}`);
      tokenCounts.push(tokenKeys.length);
      const firstToken = tokenKeys[0];
      firstTokens.push(
        firstToken !== undefined && firstToken.length < UNKNOWN && key.startsWith(firstToken)
          ? firstToken.length
          : UNKNOWN,
      );
    }
    const size = this.#names.length;
    this.#lengths = Uint16Array.from(this.#normalised, (name) => Math.min(name.length, PENALTY_LENGTH));
    const keys = this.#keys;
    this.#keyLengths = Uint32Array.from(keys, (key) => key.length);
    this.#tokenCounts = Uint32Array.from(tokenCounts);
    this.#firstTokens = Uint16Array.from(firstTokens);
    this.#masks = masks.build();
    // Each prefix list in key order: the keys that start with a longer query key are one contiguous run
    // of it, found by binary search rather than by reading every key of the list.
    const byKey = Uint32Array.from(keys.keys()).sort((a, b) => {
      const x = keys[a] ?? '';
      const y = keys[b] ?? '';
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const prefix = buildPostings(TRIGRAM_COUNT, size, (id, emit) => emit(prefixCode(keys[id] ?? '')), byKey);

    // Token vocabulary in key order; postings laid out in the same order, so the entries holding any
    // token with a given prefix are one contiguous run.
    const vocabulary = [...tokenIds.keys()].sort();
    const renumber = new Uint32Array(vocabulary.length);
    vocabulary.forEach((token, sorted) => (renumber[tokenIds.get(token) ?? 0] = sorted));
    const tokens = buildPostings(vocabulary.length, size, (id, emit) => {
      for (let i = tokenStart[id] ?? 0, end = tokenStart[id + 1] ?? 0; i < end; i += 1) {
        emit(renumber[tokenList[i] ?? 0] ?? 0);
      }
    });
    // Each trigram once per entry: `lastEntry` remembers which entry last emitted it (reset per pass).
    const lastEntry = new Int32Array(TRIGRAM_COUNT);
    const trigrams = buildPostings(TRIGRAM_COUNT, size, (id, emit) => {
      if (id === 0) lastEntry.fill(-1);
      const key = keys[id] ?? '';
      for (let i = 0; i + 2 < key.length; i += 1) {
        const trigram = trigramAt(key, i);
        if (lastEntry[trigram] !== id) {
          lastEntry[trigram] = id;
          emit(trigram);
        }
      }
    });

    this.#lists = { prefix, trigrams, tokens, vocabulary, dropped };
    this.#seen = new Uint32Array(size);
    this.#scores = new Float64Array(size);
  }

  /** Result order: score, then name, then register number (a total order, so pages never overlap). */
  readonly #before = (a: number, b: number): boolean => {
    const x = this.#scores[a] ?? 0;
    const y = this.#scores[b] ?? 0;
    if (x !== y) return x > y;
    const p = this.#names[a] ?? '';
    const q = this.#names[b] ?? '';
    return p !== q ? p < q : (this.#registerNumbers[a] ?? '') < (this.#registerNumbers[b] ?? '');
  };

  /** Number of indexed entries. */
  get size(): number {
    return this.#names.length;
  }

  /**
   * Finds entries whose name matches `query` (Cyrillic, Latin or mixed; legal-form words such as `LLC`
   * or `ХХК` ignored). A hit's `matchedVariant` is, for a query without Latin letters, the normalised
   * name; for a query with Latin letters, the romanisation of the whole name that the query spelt
   * (`oyu tolgoi` → `oyutolgoi` for «Оюутолгой»), letters outside the match spelt as the query spelt
   * them elsewhere, else in MNS 5217 (README.md, "Ranking"). Throws `GatewayError` with code
   * `BAD_USER_INPUT` when the query is empty, holds no letter or digit, is longer than
   * `MAX_QUERY_CODE_POINTS`, holds an unpaired surrogate or more than `MAX_QUERY_WORDS` distinct words,
   * would read more entry ids than its bounds allow, or the paging options are out of range.
   * `work`, when given, is filled with what the search did (README.md, "Work bounds").
   */
  search(query: string, options: SearchOptions, work: SearchWork = newSearchWork()): SearchResult {
    const { limit, offset } = validatePaging(options.limit, options.offset);
    const parsed = parseQuery(query);
    const legalForm = options.legalForm;
    const plan = planSearch(parsed, this.#lists, query, this.#bounds.maxPostings);
    work.words = parsed.words.length;

    this.#stamp += 1;
    if (this.#stamp === 0xffffffff) {
      this.#seen.fill(0);
      this.#stamp = 1;
    }
    const stamp = this.#stamp;
    const wanted = offset + limit;
    const candidates: number[] = [];
    // A query of one word whose key is that word's: `#lowerScore` compares lengths for its phrase bonus.
    const oneWord = parsed.phrase.length === 1 && parsed.phrase[0] === ` ${parsed.key}`;
    // Bands are ordered, so once the key-prefix band alone fills the page, later matches are only counted.
    let counted = 0;
    let scoring = true;
    const consider = (id: number, band: Band): void => {
      if (this.#seen[id] === stamp) return;
      this.#seen[id] = stamp;
      if (legalForm !== undefined && this.#legalForms[id] !== legalForm) return;
      if (!scoring) {
        counted += 1;
        return;
      }
      work.candidates += 1;
      const score =
        band === ANY ? this.#score(id, parsed, work) : this.#lowerScore(id, parsed, band, oneWord);
      if (score > 0) {
        this.#scores[id] = score;
        candidates.push(id);
      }
    };

    for (const ids of plan.dropped) {
      work.postings += ids.length;
      for (const id of ids) consider(id, ANY);
    }
    // In band order: an entry a later walk reaches first belongs to that walk's band.
    this.#walkPrefix(plan, parsed.key, consider, work);
    scoring = candidates.length < wanted;
    this.#walkTokens(plan, consider, work);
    this.#walkSubstring(plan, parsed.key, consider, work);

    const page = topSorted(candidates, wanted, this.#before).slice(offset);
    const budget: AlignBudget = { left: this.#bounds.alignSteps };
    const hits = page.map((id) => ({
      registerNumber: this.#registerNumbers[id] ?? '',
      score: this.#scores[id] ?? 0,
      matchedVariant: matchedVariant(this.#normalised[id] ?? '', parsed, budget),
    }));
    work.alignSteps += this.#bounds.alignSteps - budget.left;
    return { total: candidates.length + counted, hits };
  }

  /**
   * Entries whose key starts with `key`: one contiguous run of the prefix postings. A key of three
   * symbols or more reads one list, in key order, so the run of the keys that start with it is found by
   * binary search; a shorter key with a symbol outside the key alphabet reads several, each key checked.
   */
  #walkPrefix(plan: Plan, key: string, consider: Consider, work: SearchWork): void {
    const run = plan.prefix;
    if (run === null) return;
    const { ids } = run;
    let { from, to } = run;
    const verify = plan.verifyPrefix && key.length < 3;
    if (plan.verifyPrefix && !verify) {
      const keys = this.#keys;
      const at = (i: number): string => keys[ids[from + i] ?? 0] ?? '';
      const low = lowerBound(to - from, at, key);
      to = from + lowerBound(to - from, at, key + PREFIX_END);
      from += low;
    }
    work.postings += to - from;
    for (let i = from; i < to; i += 1) {
      const id = ids[i] ?? 0;
      if (verify && !(this.#keys[id] ?? '').startsWith(key)) continue;
      // A key as long as the query's is the query's key: the exact bands, scored in full.
      consider(id, this.#keyLengths[id] === key.length ? ANY : PREFIX);
    }
  }

  /**
   * Entries whose key contains `key` (at least three symbols): the rarest trigram's run, each entry
   * first looked for in the next rarest's (`Plan.narrow`), then verified.
   */
  #walkSubstring(plan: Plan, key: string, consider: Consider, work: SearchWork): void {
    const run = plan.substring;
    if (run === null) return;
    work.postings += size(run) + size(plan.narrow);
    const seen = this.#seen;
    const stamp = this.#stamp;
    const other = plan.narrow;
    let at = other?.from ?? 0;
    for (let i = run.from; i < run.to; i += 1) {
      const id = run.ids[i] ?? 0;
      // An entry an earlier walk reached is settled: its key need not be read.
      if (seen[id] === stamp) continue;
      if (other !== null) {
        at = forward(other.ids, at, other.to, id);
        if (at === other.to) return;
        if (other.ids[at] !== id) continue;
      }
      if ((this.#keys[id] ?? '').includes(key)) consider(id, INSIDE);
    }
  }

  /**
   * Entries where every query word begins a token key of the name: the rarest word's run, each entry
   * checked for the bits of every word, then for the text of the longer ones, rarest first (the first
   * missing one ends the check).
   */
  #walkTokens(plan: Plan, consider: Consider, work: SearchWork): void {
    const run = plan.token;
    if (run === null) return;
    work.postings += size(run);
    const { need, needles } = plan;
    for (let i = run.from; i < run.to; i += 1) {
      const id = run.ids[i] ?? 0;
      if (need !== null && !holdsMask(this.#masks, MASK_WORDS * id, need)) continue;
      if (needles.length > 0) {
        const tokens = this.#tokens[id] ?? '';
        let n = 0;
        while (n < needles.length && tokens.includes(needles[n] ?? '')) n += 1;
        work.wordChecks += Math.min(n + 1, needles.length);
        if (n < needles.length) continue;
      }
      consider(id, WORDS);
    }
  }

  /** The score of one entry for a query, or 0 when it does not match (README.md, "Ranking"). */
  #score(id: number, query: ParsedQuery, work: SearchWork): number {
    const spelt = query.key === '';
    const key = spelt ? (this.#normalised[id] ?? '').replace(/ /g, '') : (this.#keys[id] ?? '');
    const queryKey = spelt ? query.compact : query.key;
    // Equal names have equal keys: only those are compared by name (each string read is a memory load).
    if (key === queryKey && this.#normalised[id] === query.normalised) return EXACT_NAME;
    const tokens = this.#tokens[id] ?? '';
    const penalty = (LENGTH_PENALTY * (this.#lengths[id] ?? 0)) / PENALTY_LENGTH;
    let score: number;
    if (key === queryKey) {
      score = EXACT_KEY;
      if (this.#literal(id, query)) score += LITERAL_BONUS;
      if (tokens === query.phraseText) score += TOKEN_BONUS;
    } else {
      const coverage = Math.min(1, queryKey.length / Math.max(key.length, 1));
      if (key.startsWith(queryKey)) {
        score = KEY_PREFIX + COVERAGE_WEIGHT * coverage;
        if (phraseAt(tokens, query.phrase) === 0) score += TOKEN_BONUS;
      } else if (this.#holdsWords(tokens, query.needles, work)) {
        score = TOKEN_PREFIX + COVERAGE_WEIGHT * coverage;
        if (phraseAt(tokens, query.phrase) >= 0) score += TOKEN_BONUS;
      } else if (queryKey.length >= MIN_SUBSTRING_KEY && key.includes(queryKey)) {
        score = SUBSTRING + COVERAGE_WEIGHT * coverage;
      } else {
        return 0;
      }
    }
    return Math.round((score - penalty) * 1e6) / 1e6;
  }

  /**
   * The score of an entry whose band a walk knows: the prefix walk's entries with keys longer than the
   * query's (`PREFIX`), or an entry the token walk (`WORDS`) or the substring walk (`INSIDE`) reached
   * first. The walks run in band order, each verifying its own band, and the prefix walk sees every
   * entry of the higher bands. Only packed lengths are read, and the name's tokens where a phrase is
   * looked for: the same value as `#score`, with fewer reads of scattered strings.
   */
  #lowerScore(id: number, query: ParsedQuery, band: Band, oneWord: boolean): number {
    const coverage = Math.min(1, query.key.length / Math.max(this.#keyLengths[id] ?? 0, 1));
    let score: number;
    if (band === PREFIX) {
      score = KEY_PREFIX + COVERAGE_WEIGHT * coverage;
      // The query's one word and the name's first token key both begin the name's key, so the word begins
      // that token exactly when it is no longer.
      const first = oneWord ? (this.#firstTokens[id] ?? UNKNOWN) : UNKNOWN;
      if (
        first !== UNKNOWN ? first >= query.key.length : phraseAt(this.#tokens[id] ?? '', query.phrase) === 0
      )
        score += TOKEN_BONUS;
    } else if (band === WORDS) {
      score = TOKEN_PREFIX + COVERAGE_WEIGHT * coverage;
      // A name holding the only word holds it as a phrase; one with fewer tokens than the phrase cannot.
      const phrase = query.phrase;
      if (
        phrase.length === 1 ||
        ((this.#tokenCounts[id] ?? 0) >= phrase.length && phraseAt(this.#tokens[id] ?? '', phrase) >= 0)
      )
        score += TOKEN_BONUS;
    } else {
      score = SUBSTRING + COVERAGE_WEIGHT * coverage;
    }
    const penalty = (LENGTH_PENALTY * (this.#lengths[id] ?? 0)) / PENALTY_LENGTH;
    return Math.round((score - penalty) * 1e6) / 1e6;
  }

  /** Whether every word begins one of `tokens` (both preceded by a space, as stored), counting checks. */
  #holdsWords(tokens: string, needles: readonly string[], work: SearchWork): boolean {
    if (needles.length === 0) return false;
    for (const needle of needles) {
      work.wordChecks += 1;
      if (!tokens.includes(needle)) return false;
    }
    return true;
  }

  /**
   * True when the query is the name itself but for spacing (`Оюу толгой` for «Оюутолгой»), or a Latin
   * query spells the whole name in one of its romanisations (`oyu tolgoi`).
   */
  #literal(id: number, query: ParsedQuery): boolean {
    const normalised = this.#normalised[id] ?? '';
    if (normalised.replace(/ /g, '') === query.compact) return true;
    if (!query.latin) return false;
    const letters = [...normalised];
    // Entries sharing one key are few (18 at most in the extract), and `alignable` bounds each alignment.
    return alignable(letters, query.compact) && align(letters, query.compact, 'whole', []);
  }
}
