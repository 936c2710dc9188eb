/**
 * Readiness (`/readyz`): whether this process can serve, for a load balancer deciding where to send
 * requests. It says nothing of the upstreams: every replica sees the same government sites, so one slow
 * site would pull every replica at once, and each answer already says what its sources could not fill.
 * Per-source health is `Query.sources`. See docs/operations.md "Readiness and health".
 */

/** What a process needs to serve, each set once it holds. */
export interface ReadinessState {
  /** The store is open (a harvest in progress still serves what is stored, saying it is partial). */
  readonly store: boolean;
  /** The GraphQL schema is built and Apollo Server started. */
  readonly schema: boolean;
  /** The HTTP server listens. */
  readonly listening: boolean;
  /** Shutdown has begun: requests in flight finish, new ones should go elsewhere. */
  readonly shuttingDown: boolean;
}

/** The `/readyz` answer: 200 when the process can serve, else 503, with each check `ok` or a code. */
export function readinessAnswer(state: ReadinessState): {
  status: 200 | 503;
  body: { status: 'ready' | 'not ready'; checks: Record<string, string> };
} {
  const checks = {
    store: state.store ? 'ok' : 'STORE_CLOSED',
    schema: state.schema ? 'ok' : 'SCHEMA_NOT_BUILT',
    listening: state.listening ? 'ok' : 'NOT_LISTENING',
    shutdown: state.shuttingDown ? 'SHUTTING_DOWN' : 'ok',
  };
  const ready = Object.values(checks).every((c) => c === 'ok');
  return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not ready', checks } };
}
