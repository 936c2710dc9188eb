/**
 * The beginnings of a name's token keys as bits, packed per entry, so that the words of a query can be
 * checked against a candidate without reading its text: one bit per key symbol a token begins with
 * (exact for the key alphabet: a word of one such symbol is checked by its bit alone; every other
 * character shares one bit), and a 32-bit filter of the first two
 * symbols of each token (a longer word must have its bit before its text is looked for). Checking many
 * short words, which match almost every name, then costs two array reads per candidate.
 */
import { symbolCode } from './postings.js';

/** Words per entry in the packed array: first symbols 0–31, first symbols 32–39, first pairs. */
export const MASK_WORDS = 3;

function firstBits(key: string, into: Uint32Array, at: number): void {
  const code = symbolCode(key.charCodeAt(0));
  if (code < 32) into[at] = (into[at] ?? 0) | (1 << code);
  else into[at + 1] = (into[at + 1] ?? 0) | (1 << (code - 32));
}

function pairBit(key: string): number {
  const pair = symbolCode(key.charCodeAt(0)) * 40 + symbolCode(key.charCodeAt(1));
  return 1 << (Math.imul(pair, 0x9e3779b1) >>> 27);
}

/**
 * Writes the bits of `keys` (an entry's token keys, or a query's words) at `at` of `into`: the bits any
 * token key that begins with one of them must have too.
 */
export function writeMask(keys: readonly string[], into: Uint32Array, at: number): void {
  for (const key of keys) {
    if (key === '') continue;
    firstBits(key, into, at);
    if (key.length >= 2) into[at + 2] = (into[at + 2] ?? 0) | pairBit(key);
  }
}

/** Whether the entry's bits at `at` hold every bit of `need` (a query's `writeMask`). */
export function holdsMask(masks: Uint32Array, at: number, need: Uint32Array): boolean {
  // `^` compares as signed 32-bit integers on both sides, whatever the top bit.
  for (let i = 0; i < MASK_WORDS; i += 1) {
    const bits = need[i] ?? 0;
    if (((masks[at + i] ?? 0) & bits) ^ bits) return false;
  }
  return true;
}

/** The packed bits of entries added in id order. */
export class MaskBuilder {
  #masks = new Uint32Array(MASK_WORDS * 1024);
  #size = 0;

  /** Adds the next entry, by its token keys. */
  add(keys: readonly string[]): void {
    const at = MASK_WORDS * this.#size;
    if (at === this.#masks.length) {
      const grown = new Uint32Array(this.#masks.length * 2);
      grown.set(this.#masks);
      this.#masks = grown;
    }
    writeMask(keys, this.#masks, at);
    this.#size += 1;
  }

  /** The bits of every entry added, `MASK_WORDS` per entry. */
  build(): Uint32Array {
    return this.#masks.slice(0, MASK_WORDS * this.#size);
  }
}
