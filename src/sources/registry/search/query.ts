/**
 * Validation and parsing of search input. Every rejection is a `GatewayError` with code `BAD_USER_INPUT`
 * and a sentence naming the valid form, so the GraphQL layer can pass it to the client unchanged.
 */
import { ErrorCode, GatewayError } from '../../../domain/errors.js';
import { keyOfNormalised } from './key.js';
import { hasLoneSurrogate, normaliseText } from './normalise.js';

/** Longest accepted search text, in Unicode code points after NFC (so NFD and NFC input agree). */
export const MAX_QUERY_CODE_POINTS = 200;
/** Largest accepted `limit` of one search (0 asks for the total only). */
export const MAX_SEARCH_LIMIT = 1000;
/**
 * Most distinct words one search matches together (after repeats and words that only begin another
 * query word are dropped). Each word is checked against every candidate, so this bounds the work per
 * candidate; the longest names in the register have 20 words.
 */
export const MAX_QUERY_WORDS = 24;

const VALID_FORM = `Search text must be 1 to ${MAX_QUERY_CODE_POINTS} characters with at least one letter or digit, for example "Oyu Tolgoi" or "Оюутолгой"`;

/**
 * Legal-form words users add to a name ("Oyu Tolgoi LLC", "Оюутолгой ХХК /ГХО/"), as normalised tokens.
 * They are ignored for matching unless the query holds nothing else. `xxk`/`hhk`/`khkhk` are ХХК typed in
 * Latin.
 */
export const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set([
  'llc',
  'ltd',
  'co',
  'jsc',
  'inc',
  'corp',
  'xxk',
  'hhk',
  'khkhk',
  'ххк',
  'хк',
  'гхо',
  'төхк',
]);

const LATIN = /\p{Script=Latin}/u;

/** A query as the index uses it. */
export interface ParsedQuery {
  /** Normalised text without legal-form words, tokens joined by one space. */
  readonly normalised: string;
  /** `normalised` without spaces. */
  readonly compact: string;
  readonly key: string;
  /**
   * Keys of the tokens, empty ones (`и`, `y`) left out, in query order with repeats, each preceded by a
   * space as the index stores a name's tokens (`" tavan tulgu"`): the phrase the ranking looks for.
   */
  readonly phrase: readonly string[];
  /** `phrase` joined: the stored tokens of a name whose token keys are exactly the query's. */
  readonly phraseText: string;
  /**
   * The distinct token keys that every match must begin a name token with: repeats dropped, and keys
   * that begin another query key (`ba` beside `bat`), which a name holding the longer one holds too.
   * Matching against these is the same as against every token key, at most `MAX_QUERY_WORDS` checks.
   */
  readonly words: readonly string[];
  /** `words`, each preceded by a space, as `phrase`. */
  readonly needles: readonly string[];
  /**
   * The distinct normalised tokens, at most `MAX_QUERY_WORDS` of them, for lining a Latin query up with
   * a name token by token (`matchedVariant`).
   */
  readonly texts: readonly string[];
  /** True when the query holds Latin letters: hits then report the romanisation they matched. */
  readonly latin: boolean;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) count += 1;
  }
  return count;
}

function badInput(reason: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, `${VALID_FORM}, but ${reason}.`);
}

/** The distinct keys of `keys` that begin no other key of it (`hu` beside `huv` is implied by it). */
export function impliedWordsDropped(keys: readonly string[]): string[] {
  const distinct = [...new Set(keys)];
  return distinct.filter((key) => !distinct.some((other) => other !== key && other.startsWith(key)));
}

/**
 * Validates and parses search text; throws `GatewayError` (`BAD_USER_INPUT`) on malformed input, and
 * on more than `MAX_QUERY_WORDS` distinct words.
 */
export function parseQuery(query: unknown): ParsedQuery {
  if (typeof query !== 'string') throw badInput(`it was ${query === null ? 'null' : typeof query}`);
  if (hasLoneSurrogate(query)) throw badInput('it contained an unpaired UTF-16 surrogate');
  // NFC at most quarters the code points of a string (canonical decompositions are at most 4 long) and a
  // code point takes at most 2 UTF-16 units, so longer strings need not be normalised to be refused.
  const codePoints = countCodePoints(
    query.length > MAX_QUERY_CODE_POINTS * 8 ? query : query.normalize('NFC'),
  );
  if (codePoints > MAX_QUERY_CODE_POINTS) throw badInput(`it was ${codePoints} characters long`);
  if (query.trim() === '') throw badInput('it was empty or only whitespace');
  const normalised = normaliseText(query);
  if (normalised === '') throw badInput('it held no letter or digit');

  const tokens = normalised.split(' ');
  const kept = tokens.filter((token) => !LEGAL_FORM_WORDS.has(token));
  const used = kept.length > 0 ? kept : tokens;
  const text = used.join(' ');
  const tokenKeys = used.map(keyOfNormalised).filter((key) => key !== '');
  const phrase = tokenKeys.map((key) => ` ${key}`);
  const words = impliedWordsDropped(tokenKeys);
  if (words.length > MAX_QUERY_WORDS) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Search text may hold at most ${MAX_QUERY_WORDS} different words (the longest names in the register have 20), but it held ${words.length}; leave some out.`,
    );
  }
  return {
    normalised: text,
    compact: used.join(''),
    key: keyOfNormalised(text),
    phrase,
    phraseText: phrase.join(''),
    words,
    needles: words.map((word) => ` ${word}`),
    texts: [...new Set(used)].slice(0, MAX_QUERY_WORDS),
    latin: LATIN.test(text),
  };
}

/** Validates paging options; throws `GatewayError` (`BAD_USER_INPUT`) naming the valid form. */
export function validatePaging(limit: unknown, offset: unknown): { limit: number; offset: number } {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `limit must be an integer from 0 to ${MAX_SEARCH_LIMIT}, but it was ${String(limit)}.`,
    );
  }
  const start = offset ?? 0;
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `offset must be a non-negative integer, but it was ${String(offset)}.`,
    );
  }
  return { limit, offset: start };
}
