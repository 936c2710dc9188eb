import { randomFillSync } from 'node:crypto';

/**
 * Random ids as lower-case hex (trace and span ids), drawn from a pool of random bytes filled 4 KiB at a
 * time: one call into the system's generator per 256 trace ids rather than one per id, which a profile
 * of the gateway answering from its response cache showed as about a tenth of its CPU. The bytes are as
 * random as `randomBytes`'s; Node's `randomUUID` pools its entropy the same way.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` (at most 4096) random bytes as `2 × bytes` hex digits, never all zeros (an invalid W3C id). */
export function randomHex(bytes: number): string {
  for (;;) {
    if (used + bytes > POOL_BYTES) {
      randomFillSync(pool);
      used = 0;
    }
    const start = used;
    used += bytes;
    for (let i = start; i < used; i += 1) if (pool[i] !== 0) return pool.toString('hex', start, used);
  }
}
