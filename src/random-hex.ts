import { randomFillSync } from 'node:crypto';

/**
 * Random ids as lower-case hex (trace and span ids), drawn from a pool of random bytes filled 4 KiB at a
 * time: one call into the system's generator per 256 trace ids rather than one per id, which profiles of
 * the gateway answering from its response cache showed as 1 to 7 % of its CPU (bench/PROFILE.md). The
 * bytes are as random as `randomBytes`'s; Node's `randomUUID` pools its entropy the same way.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` (1 to 4096) random bytes as `2 × bytes` hex digits, never all zeros (an invalid W3C id). */
export function randomHex(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > POOL_BYTES)
    throw new RangeError(`randomHex takes 1 to ${POOL_BYTES} bytes, not ${bytes}`);
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
