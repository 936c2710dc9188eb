/**
 * An in-memory name index over the legal-entity register. Built once from precomputed search keys, with
 * three posting lists, all compressed arrays of entry ids: by the first three key symbols (exact and
 * prefix matches), by token key in sorted order (every query token a prefix of a name token) and by key
 * trigram (substrings). A query reads the postings of its key prefix, its rarest token and its rarest
 * trigram, never the whole register, and scores lower bands only when they can still reach the page.
 */
import type { LegalForm, SearchHit } from '../../../domain/organization.js';
import { align } from './align.js';
import { foldCharacters, foldSymbols } from './key.js';
import { normaliseText } from './normalise.js';
import { parseQuery, validatePaging, type ParsedQuery } from './query.js';
import { romaniseStandard } from './romanise.js';

/** One register entry to index. */
export interface IndexedName {
  readonly registerNumber: string;
  readonly name: string;
  readonly legalForm: LegalForm;
}

/**
 * Paging and filtering of one search. `limit` is 0 (the total only) to `MAX_SEARCH_LIMIT`; `offset`
 * defaults to 0; `legalForm` keeps only entries of that form.
 */
export interface SearchOptions {
  readonly limit: number;
  readonly offset?: number;
  readonly legalForm?: LegalForm;
}

/**
 * One page of a search. `total` counts every match (after the legal-form filter), `hits` is the page,
 * best first, then by name, then by register number: a total order, so pages never overlap or skip.
 */
export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

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

/** Shortest query key searched as a substring; shorter keys match by prefix only. */
const MIN_SUBSTRING_KEY = 3;
/**
 * Bounds on lining a query up with a name (recursion depth and work): beyond them a hit reports the MNS
 * spelling. Register names are at most about 300 letters long.
 */
const MAX_ALIGNMENT_LETTERS = 1_000;
const MAX_ALIGNMENT_WORK = 20_000;

function alignable(letters: readonly string[], query: string): boolean {
  return letters.length <= MAX_ALIGNMENT_LETTERS && letters.length * query.length <= MAX_ALIGNMENT_WORK;
}

const TRIGRAM_BASE = 40;
const TRIGRAM_COUNT = TRIGRAM_BASE ** 3;

/** Small codes for key symbols, for trigram numbers; every other character shares one code. */
function symbolCode(unit: number): number {
  if (unit >= 97 && unit <= 122) return unit - 96; // a-z: 1..26
  if (unit >= 48 && unit <= 57) return unit - 21; // 0-9: 27..36
  if (unit === 0x10d) return 37; // č
  if (unit === 0x161) return 38; // š
  return 39;
}

/** The trigram number of the three key symbols from `i`. */
function trigramAt(key: string, i: number): number {
  return (
    (symbolCode(key.charCodeAt(i)) * TRIGRAM_BASE + symbolCode(key.charCodeAt(i + 1))) * TRIGRAM_BASE +
    symbolCode(key.charCodeAt(i + 2))
  );
}

/** The distinct trigram numbers of a key, in order of first appearance. */
function trigramsOf(key: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 < key.length; i += 1) {
    const code = trigramAt(key, i);
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** The list holding a key in the prefix postings: its first three symbols, 0 past the end of the key. */
function prefixCode(key: string): number {
  const code = (i: number): number => (i < key.length ? symbolCode(key.charCodeAt(i)) : 0);
  return (code(0) * TRIGRAM_BASE + code(1)) * TRIGRAM_BASE + code(2);
}

/** The first index in [0, length) whose `at(index)` is not below `target`; `at` must ascend. */
function lowerBound(length: number, at: (i: number) => string, target: string): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (at(middle) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Past every string that starts with a prefix: no key holds U+FFFF (normalisation removes it). */
const PREFIX_END = '\uffff';

/** Compressed postings: the ids of list `n` are `ids[start[n]] .. ids[start[n + 1] - 1]`. */
interface Postings {
  readonly start: Uint32Array;
  readonly ids: Uint32Array;
}

/**
 * Builds postings in two passes over the entries (count, then fill), so no per-entry lists are kept:
 * `each(id, emit)` emits the lists entry `id` belongs to, the same ones both times, each list once.
 */
function buildPostings(
  lists: number,
  size: number,
  each: (id: number, emit: (list: number) => void) => void,
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
  for (let id = 0; id < size; id += 1) {
    current = id;
    each(id, place);
  }
  return { start, ids };
}

/**
 * Search over register names by Cyrillic or Latin input (`oyu tolgoi`, `Оюу толгой`, `ОЮУТОЛГОЙ` all find
 * «Оюутолгой»). Entries with a register number already indexed are skipped (the first one wins).
 */
export class NameIndex {
  readonly #registerNumbers: string[] = [];
  readonly #names: string[] = [];
  readonly #legalForms: LegalForm[] = [];
  readonly #normalised: string[] = [];
  readonly #keys: string[] = [];
  /** Token keys of each name, each preceded by a space: `" tavan tulgu"`. */
  readonly #tokens: string[] = [];
  /** Entries by the first three symbols of their key (`prefixCode`). */
  readonly #prefixPostings: Postings;
  /** Distinct token keys in order, with the entries holding each. */
  readonly #vocabulary: string[];
  readonly #tokenPostings: Postings;
  readonly #trigramPostings: Postings;
  /** Per-search scratch: the search stamp that last saw an entry, and its score. */
  readonly #seen: Uint32Array;
  readonly #scores: Float64Array;
  #stamp = 0;

  constructor(entries: Iterable<IndexedName>) {
    const numbers = new Set<string>();
    const tokenIds = new Map<string, number>();
    // The distinct token ids of every entry, flat: entry n's are tokenList[tokenStart[n] .. tokenStart[n + 1]).
    const tokenList: number[] = [];
    const tokenStart: number[] = [0];
    for (const entry of entries) {
      if (numbers.has(entry.registerNumber)) continue;
      numbers.add(entry.registerNumber);
      const normalised = normaliseText(entry.name);
      // The name's key folds the characters of all tokens together, so fold each character once.
      const folded = normalised.split(' ').map(foldCharacters);
      const tokens: string[] = [];
      const first = tokenList.length;
      for (const part of folded) {
        const token = foldSymbols(part);
        if (token === '') continue;
        tokens.push(` ${token}`);
        let id = tokenIds.get(token);
        if (id === undefined) {
          id = tokenIds.size;
          tokenIds.set(token, id);
        }
        if (tokenList.indexOf(id, first) < 0) tokenList.push(id);
      }
      tokenStart.push(tokenList.length);
      this.#registerNumbers.push(entry.registerNumber);
      this.#names.push(entry.name);
      this.#legalForms.push(entry.legalForm);
      this.#normalised.push(normalised);
      this.#keys.push(folded.length === 1 ? foldSymbols(folded[0] ?? '') : foldSymbols(folded.join('')));
      this.#tokens.push(tokens.join(''));
    }
    const size = this.#names.length;
    const keys = this.#keys;
    this.#prefixPostings = buildPostings(TRIGRAM_COUNT, size, (id, emit) => emit(prefixCode(keys[id] ?? '')));

    // Token vocabulary in key order; postings laid out in the same order, so the entries holding any
    // token with a given prefix are one contiguous run.
    const vocabulary = [...tokenIds.keys()].sort();
    const renumber = new Uint32Array(vocabulary.length);
    vocabulary.forEach((token, sorted) => (renumber[tokenIds.get(token) ?? 0] = sorted));
    this.#vocabulary = vocabulary;
    this.#tokenPostings = buildPostings(vocabulary.length, size, (id, emit) => {
      for (let i = tokenStart[id] ?? 0, end = tokenStart[id + 1] ?? 0; i < end; i += 1) {
        emit(renumber[tokenList[i] ?? 0] ?? 0);
      }
    });
    // Each trigram once per entry: `lastEntry` remembers which entry last emitted it (reset per pass).
    const lastEntry = new Int32Array(TRIGRAM_COUNT);
    this.#trigramPostings = buildPostings(TRIGRAM_COUNT, size, (id, emit) => {
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

    this.#seen = new Uint32Array(size);
    this.#scores = new Float64Array(size);
  }

  /** Number of indexed entries. */
  get size(): number {
    return this.#names.length;
  }

  /**
   * Finds entries whose name matches `query` (Cyrillic, Latin or mixed; legal-form words such as `LLC`
   * or `ХХК` ignored). A hit's `matchedVariant` is, for a query without Latin letters, the normalised
   * name; for a query with Latin letters, the romanisation of the whole name that the query spelt
   * (`oyu tolgoi` → `oyutolgoi` for «Оюутолгой»), letters outside the match spelt as the query spelt
   * them elsewhere, else in MNS 5217 (README.md, "Ranking"). Throws `GatewayError` with code `BAD_USER_INPUT` when the query is empty, holds no
   * letter or digit, is longer than `MAX_QUERY_CODE_POINTS`, holds an unpaired surrogate, or the paging
   * options are out of range.
   */
  search(query: string, options: SearchOptions): SearchResult {
    const { limit, offset } = validatePaging(options.limit, options.offset);
    const parsed = parseQuery(query);
    const legalForm = options.legalForm;

    this.#stamp += 1;
    if (this.#stamp === 0xffffffff) {
      this.#seen.fill(0);
      this.#stamp = 1;
    }
    const stamp = this.#stamp;
    const wanted = offset + limit;
    const candidates: number[] = [];
    // Bands are ordered, so once the key-prefix band alone fills the page, later matches are only counted.
    let counted = 0;
    let scoring = true;
    const consider = (id: number): void => {
      if (this.#seen[id] === stamp) return;
      this.#seen[id] = stamp;
      if (legalForm !== undefined && this.#legalForms[id] !== legalForm) return;
      if (!scoring) {
        counted += 1;
        return;
      }
      const score = this.#score(id, parsed);
      if (score > 0) {
        this.#scores[id] = score;
        candidates.push(id);
      }
    };

    if (parsed.key === '') {
      // Only letters the key drops (`ий`, `y`): compare normalised text, entry by entry. Rare and cheap.
      for (let id = 0; id < this.size; id += 1) {
        if ((this.#normalised[id] ?? '').replace(/ /g, '').includes(parsed.compact)) consider(id);
      }
    } else {
      this.#prefixCandidates(parsed.key, consider);
      scoring = candidates.length < wanted;
      if (parsed.key.length >= MIN_SUBSTRING_KEY) this.#substringCandidates(parsed.key, consider);
      this.#tokenCandidates(parsed.tokenKeys, consider);
    }

    const page = this.#topSorted(candidates, wanted).slice(offset);
    return {
      total: candidates.length + counted,
      hits: page.map((id) => ({
        registerNumber: this.#registerNumbers[id] ?? '',
        score: this.#scores[id] ?? 0,
        matchedVariant: this.#matchedVariant(id, parsed),
      })),
    };
  }

  /** Entries whose key starts with `key`: one contiguous run of the prefix postings, verified. */
  #prefixCandidates(key: string, consider: (id: number) => void): void {
    const { start, ids } = this.#prefixPostings;
    const code = prefixCode(key);
    // Shorter keys cover every list that continues them: codes code .. code + span - 1.
    const span = key.length >= 3 ? 1 : key.length === 2 ? TRIGRAM_BASE : TRIGRAM_BASE * TRIGRAM_BASE;
    const verify = key.length > 3 || [...key.slice(0, 3)].some((c) => symbolCode(c.charCodeAt(0)) === 39);
    for (let i = start[code] ?? 0, end = start[code + span] ?? 0; i < end; i += 1) {
      const id = ids[i] ?? 0;
      if (!verify || (this.#keys[id] ?? '').startsWith(key)) consider(id);
    }
  }

  /** Entries whose key contains `key` (at least three symbols): the rarest trigram's postings, verified. */
  #substringCandidates(key: string, consider: (id: number) => void): void {
    const { start, ids } = this.#trigramPostings;
    let best = -1;
    let bestCount = Infinity;
    for (const trigram of trigramsOf(key)) {
      const count = (start[trigram + 1] ?? 0) - (start[trigram] ?? 0);
      if (count < bestCount) {
        best = trigram;
        bestCount = count;
      }
    }
    if (best < 0 || bestCount === 0) return;
    for (let i = start[best] ?? 0, end = start[best + 1] ?? 0; i < end; i += 1) {
      const id = ids[i] ?? 0;
      if ((this.#keys[id] ?? '').includes(key)) consider(id);
    }
  }

  /** Entries where every query token key is a prefix of a token key of the name. */
  #tokenCandidates(tokenKeys: readonly string[], consider: (id: number) => void): void {
    if (tokenKeys.length === 0) return;
    const { start, ids } = this.#tokenPostings;
    const at = (i: number): string => this.#vocabulary[i] ?? '';
    let from = 0;
    let to = 0;
    let bestCount = Infinity;
    for (const token of tokenKeys) {
      const low = lowerBound(this.#vocabulary.length, at, token);
      const high = lowerBound(this.#vocabulary.length, at, token + PREFIX_END);
      const count = (start[high] ?? 0) - (start[low] ?? 0);
      if (count < bestCount) {
        bestCount = count;
        from = start[low] ?? 0;
        to = start[high] ?? 0;
      }
    }
    if (tokenKeys.length === 1) {
      // The postings of the only token are the answer.
      for (let i = from; i < to; i += 1) consider(ids[i] ?? 0);
      return;
    }
    const needles = tokenKeys.map((token) => ` ${token}`);
    for (let i = from; i < to; i += 1) {
      const id = ids[i] ?? 0;
      const tokens = this.#tokens[id] ?? '';
      if (needles.every((needle) => tokens.includes(needle))) consider(id);
    }
  }

  /** The score of one entry for a query, or 0 when it does not match (README.md, "Ranking"). */
  #score(id: number, query: ParsedQuery): number {
    const normalised = this.#normalised[id] ?? '';
    if (normalised === query.normalised) return EXACT_NAME;
    const key = query.key === '' ? normalised.replace(/ /g, '') : (this.#keys[id] ?? '');
    const queryKey = query.key === '' ? query.compact : query.key;
    const tokens = this.#tokens[id] ?? '';
    const penalty = (LENGTH_PENALTY * Math.min(normalised.length, 300)) / 300;
    let score: number;
    if (key === queryKey) {
      score = EXACT_KEY;
      if (this.#literal(id, query)) score += LITERAL_BONUS;
      if (tokens === query.tokenKeys.map((token) => ` ${token}`).join('')) score += TOKEN_BONUS;
    } else {
      const coverage = Math.min(1, queryKey.length / Math.max(key.length, 1));
      if (key.startsWith(queryKey)) {
        score = KEY_PREFIX + COVERAGE_WEIGHT * coverage;
        if (phraseAt(tokens, query.tokenKeys) === 0) score += TOKEN_BONUS;
      } else if (
        query.tokenKeys.length > 0 &&
        query.tokenKeys.every((token) => tokens.includes(` ${token}`))
      ) {
        score = TOKEN_PREFIX + COVERAGE_WEIGHT * coverage;
        if (phraseAt(tokens, query.tokenKeys) >= 0) score += TOKEN_BONUS;
      } else if (queryKey.length >= MIN_SUBSTRING_KEY && key.includes(queryKey)) {
        score = SUBSTRING + COVERAGE_WEIGHT * coverage;
      } else {
        return 0;
      }
    }
    return Math.round((score - penalty) * 1e6) / 1e6;
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
    if (!alignable(letters, query.compact)) return false;
    return align(letters, query.compact, 'whole', []);
  }

  /**
   * What `SearchHit.matchedVariant` holds: for a query without Latin letters, the name as normalised
   * (`normaliseText`): the form the query matched. For a query with Latin letters, the romanisation of
   * the whole normalised name that the query spelt: letters the query lines up with (the whole name, else
   * from its start, else anywhere in it, else token by token) take the query's spelling (`oyu tolgoi` →
   * `oyutolgoi`); other letters are spelt as the query spelt the same letter elsewhere (`khuvsg` →
   * `khuvsgul` for «Хөвсгөл»), else in MNS 5217 (`hovsgol` → `hovsgol ekh` for «Хөвсгөл-Эх»). A query
   * that lines up nowhere (it matched only through the search key) yields the MNS 5217 spelling.
   */
  #matchedVariant(id: number, query: ParsedQuery): string {
    const normalised = this.#normalised[id] ?? '';
    if (!query.latin) return normalised;
    const letters = [...normalised];
    const choices: (string | undefined)[] = [];
    if (alignable(letters, query.compact)) {
      const aligned =
        align(letters, query.compact, 'whole', choices) ||
        align(letters, query.compact, 'prefix', choices) ||
        align(letters, query.compact, 'anywhere', choices);
      if (!aligned) {
        for (const token of query.normalised.split(' ')) align(letters, token, 'anywhere', choices);
      }
    }
    // Letters the query did not line up with are spelt as the query spelt the same letter elsewhere.
    const spelling = new Map<string, string>();
    letters.forEach((letter, i) => {
      const choice = choices[i];
      if (choice !== undefined && choice !== '' && !spelling.has(letter)) spelling.set(letter, choice);
    });
    return letters
      .map((letter, i) => choices[i] ?? spelling.get(letter) ?? romaniseStandard(letter))
      .join('');
  }

  /** The best `count` candidates in result order (score, then name, then register number). */
  #topSorted(candidates: number[], count: number): number[] {
    const scores = this.#scores;
    const names = this.#names;
    const numbers = this.#registerNumbers;
    const before = (a: number, b: number): boolean => {
      const x = scores[a] ?? 0;
      const y = scores[b] ?? 0;
      if (x !== y) return x > y;
      const p = names[a] ?? '';
      const q = names[b] ?? '';
      return p !== q ? p < q : (numbers[a] ?? '') < (numbers[b] ?? '');
    };
    const order = (a: number, b: number): number => (before(a, b) ? -1 : before(b, a) ? 1 : 0);
    if (candidates.length <= count * 4 + 64) return candidates.sort(order).slice(0, count);

    // A bounded heap whose root is the worst of the best `count` so far.
    const heap: number[] = [];
    const siftDown = (from: number): void => {
      let i = from;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < heap.length && before(heap[worst] ?? 0, heap[left] ?? 0)) worst = left;
        if (right < heap.length && before(heap[worst] ?? 0, heap[right] ?? 0)) worst = right;
        if (worst === i) return;
        [heap[i], heap[worst]] = [heap[worst] ?? 0, heap[i] ?? 0];
        i = worst;
      }
    };
    for (const id of candidates) {
      if (heap.length < count) {
        heap.push(id);
        let i = heap.length - 1;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!before(heap[parent] ?? 0, heap[i] ?? 0)) break;
          [heap[i], heap[parent]] = [heap[parent] ?? 0, heap[i] ?? 0];
          i = parent;
        }
      } else if (count > 0 && before(id, heap[0] ?? 0)) {
        heap[0] = id;
        siftDown(0);
      }
    }
    return heap.sort(order);
  }
}

/**
 * The first token position from which the query token keys are prefixes of consecutive name tokens
 * (`tokens` as stored: each key preceded by a space), or -1.
 */
function phraseAt(tokens: string, queryTokens: readonly string[]): number {
  if (queryTokens.length === 0) return -1;
  if (queryTokens.length === 1) {
    // The common case, without splitting: position 0 or "somewhere".
    const needle = ` ${queryTokens[0] ?? ''}`;
    return tokens.startsWith(needle) ? 0 : tokens.includes(needle) ? 1 : -1;
  }
  const names = tokens.split(' ').slice(1);
  for (let p = 0; p + queryTokens.length <= names.length; p += 1) {
    if (queryTokens.every((token, i) => (names[p + i] ?? '').startsWith(token))) return p;
  }
  return -1;
}
