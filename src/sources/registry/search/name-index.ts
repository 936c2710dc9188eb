/**
 * An in-memory name index over the legal-entity register. Built once from precomputed search keys, with
 * three posting lists, all compressed arrays of entry ids: by the first three key symbols (exact and
 * prefix matches), by token key in sorted order (every query token a prefix of a name token) and by key
 * trigram (substrings). A query reads the postings of its key prefix, its rarest token and its rarest
 * trigram, never the whole register, and scores lower bands only when they can still reach the page.
 */
import type { LegalForm } from '../../../domain/organization.js';
import { align, alignable } from './align.js';
import { foldCharacters, foldSymbols } from './key.js';
import { normaliseText } from './normalise.js';
import {
  PREFIX_END,
  TRIGRAM_BASE,
  TRIGRAM_COUNT,
  buildPostings,
  lowerBound,
  phraseAt,
  prefixCode,
  symbolCode,
  trigramAt,
  trigramsOf,
  type Postings,
} from './postings.js';
import { parseQuery, validatePaging, type ParsedQuery } from './query.js';
import { romaniseStandard } from './romanise.js';
import type { IndexedName, SearchOptions, SearchResult } from './types.js';

export type { IndexedName, SearchOptions, SearchResult } from './types.js';

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
