/**
 * A token bucket per server: `requests` tokens, refilled continuously over `windowMs`. It stands in for
 * the politeness limits real government servers enforce, so the gateway's 429 handling is exercised.
 */

/** The outcome of asking for a token. */
export type TokenVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/** A token bucket; time comes from `Date.now` (so fake timers drive it too). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    windowMs: number,
  ) {
    this.tokens = capacity;
    this.last = Date.now();
    this.perMs = capacity / windowMs;
  }

  /** Takes a token, or says in whole seconds (at least 1) when the next one will be there. */
  take(): TokenVerdict {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, now - this.last) * this.perMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitMs = (1 - this.tokens) / this.perMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
