import type { Server, ServerResponse } from 'node:http';

/**
 * Closing the HTTP server gracefully: stop accepting connections, close the idle keep-alive ones at once,
 * let requests in flight finish for up to a grace period (`SHUTDOWN_GRACE_MS`), then close whatever is
 * left. A connection whose last request finishes during the grace period is closed when it does.
 * See docs/reliability.md.
 */
export class ConnectionDrain {
  #draining = false;

  /**
   * `closeUnused` closes what node:http's `closeIdleConnections()` leaves open: connections that never
   * sent a request, which it counts as busy until their headers timeout (`ConnectionGuard.closeIdle`).
   */
  constructor(
    private readonly server: Server,
    private readonly closeUnused: () => void = () => {},
  ) {}

  /** Call first for every request, before anything is written. */
  track(res: ServerResponse): void {
    // A request that arrives on a live connection during the grace period is served, then the
    // connection closes.
    if (this.#draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      if (this.#draining) setImmediate(() => this.#closeIdle());
    });
  }

  /** Resolves when every connection is closed: in-flight requests finished, or the grace period ran out. */
  close(graceMs: number): Promise<void> {
    this.#draining = true;
    return new Promise((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), graceMs);
      this.server.close(() => {
        clearTimeout(force);
        resolve();
      });
      this.#closeIdle();
    });
  }

  #closeIdle(): void {
    this.server.closeIdleConnections();
    this.closeUnused();
  }
}
