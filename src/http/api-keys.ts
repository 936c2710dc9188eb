import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';

/** One API key as configured (`API_KEYS`). */
export type ApiKey = Config['edge']['apiKeys'][number];

/** What a request's key turned out to be. */
export type KeyCheck =
  { readonly kind: 'none' } | { readonly kind: 'unknown' } | { readonly kind: 'valid'; readonly key: ApiKey };

/**
 * The key a request carries: `x-api-key`, else `Authorization: Bearer <key>`. Another authorization
 * scheme is not a key. `undefined` when there is none.
 */
export function presentedKey(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  const direct = (Array.isArray(header) ? header[0] : header)?.trim();
  if (direct !== undefined && direct !== '') return direct;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1];
}

/**
 * Checks keys in constant time: each configured key is kept as its SHA-256, the presented key is hashed
 * once, and it is compared with every configured hash (no early exit), so neither the time of a
 * comparison nor of the search says how much of a guess was right or which key it came close to.
 */
export class ApiKeys {
  readonly #keys: readonly { readonly key: ApiKey; readonly hash: Buffer }[];

  constructor(keys: readonly ApiKey[]) {
    this.#keys = keys.map((key) => ({ key, hash: sha256(key.key) }));
  }

  get size(): number {
    return this.#keys.length;
  }

  check(req: IncomingMessage): KeyCheck {
    const presented = presentedKey(req);
    if (presented === undefined) return { kind: 'none' };
    const hash = sha256(presented);
    let found: ApiKey | undefined;
    for (const entry of this.#keys) {
      if (timingSafeEqual(entry.hash, hash)) found = entry.key;
    }
    return found === undefined ? { kind: 'unknown' } : { kind: 'valid', key: found };
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
