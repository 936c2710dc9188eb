import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startUpstreams } from './embedded.js';
import { Gateway, type UpstreamWatch } from './gateway.js';
import { createApollo } from './http/apollo.js';
import { bodyFits, DEFAULT_MAX_BODY_BYTES } from './http/body.js';
import { clientAddressOf } from './http/client-id.js';
import { createHttpServer, type ConnectionStats } from './http/connections.js';
import { createCors } from './http/cors.js';
import { createGraphqlEndpoint } from './http/endpoint.js';
import { createGraphiqlHandler, loadExampleQueries } from './http/graphiql.js';
import { sendLanding } from './http/landing.js';
import type { LimitError } from './http/limits.js';
import { operationNameOf, type Answered, type EndpointObserver } from './http/observe.js';
import { createEdgeGuard } from './http/rate-limit.js';
import { readinessAnswer } from './http/readiness.js';
import { REQUEST_ID_HEADER, traceOf } from './http/request-id.js';
import { sendJson } from './http/respond.js';
import { ResponseCache } from './http/response-cache.js';
import { ConnectionDrain } from './http/shutdown.js';
import { createLogger, type Logger } from './log.js';
import { GatewayMetrics } from './metrics.js';
import { SharedRedis } from './redis/index.js';
import type { ReplayServer } from './replay/index.js';
import { buildGatewaySchema } from './schema.js';
import { Store, StoreOpenError } from './store/index.js';

/** The GraphQL endpoint path. */
export const GRAPHQL_PATH = '/graphql';

export interface GatewayOptions {
  /** Environment to read the configuration from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overrides `PORT` / `HOST` (tests pass `port: 0`). */
  readonly port?: number;
  readonly host?: string;
  readonly log?: Logger;
}

/** A running gateway. */
export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:4000`; the endpoint is `${url}/graphql`. */
  readonly url: string;
  readonly config: Config;
  readonly gateway: Gateway;
  /** The embedded replay server, when a source had no configured URL. */
  readonly replay: ReplayServer | null;
  /** The whole-response cache (for its statistics). */
  readonly responses: ResponseCache;
  /** What the HTTP server's connections are doing (open, idle, closed to make room, lingering closes). */
  connections(): ConnectionStats;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `SHUTDOWN_GRACE_MS` (or
   * `graceMs`), closes the rest, then the upstream layer and the embedded replay server.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the gateway: the embedded replay server for every source without a configured URL
 * (`embedded.ts`), the upstream layer (`gateway.ts`), Apollo Server, and a node:http server with GraphiQL,
 * `/healthz`, `/readyz` and the GraphQL endpoint (`http/endpoint.ts`), its connections bounded as
 * `http/connections.ts` says. See docs/architecture.md.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const config = loadConfig(options.env ?? process.env);
  const log = options.log ?? createLogger(config.logLevel);
  const store = await openStore(config);
  const upstreams = await startUpstreams(config).catch(async (thrown: unknown) => {
    await store.close();
    throw thrown;
  });
  // Metrics (`/metrics`) and the request log: docs/operations.md "Metrics" and "Logs".
  const examples = await loadExampleQueries();
  const metrics = config.edge.metrics
    ? new GatewayMetrics(
        {
          sources: () => gateway.sources(),
          harvest: async (source) => (await gateway.harvests.status(source))?.status ?? null,
          dataQuality: (source) => gateway.plane.dataQuality(source),
          upstreamCache: () => gateway.cache.stats,
          responseCache: () => responses.stats,
        },
        examples.flatMap((e) => operationNameOf(undefined, e.query) ?? []),
      )
    : null;
  const watch = upstreamWatch(log, metrics);
  const answers = new WeakMap<IncomingMessage, Answered & { readonly client: string }>();
  const observer: EndpointObserver = {
    answered: (req, answer, client) => answers.set(req, { ...answer, client }),
    responseCache: (req, state) => {
      metrics?.cacheRequest('response', state);
      log.debug('response cache', { state, request_id: traceOf(req).requestId });
    },
  };
  // The Redis replicas share (`REDIS_URL`): a help, never a dependency (src/redis/client.ts).
  const redisUrl = config.edge.redis.url;
  const redis = redisUrl === null ? null : new SharedRedis({ ...config.edge.redis, url: redisUrl }, log);
  const gateway = new Gateway(upstreams.config, upstreams.endpoints, log, store, watch, redis);
  gateway.warm();
  /** `LIMIT_MODE=warn`: an operation over a limit runs, and the log says which limit and by how much. */
  const warnLimit = (error: LimitError): void => {
    const { code, limit, measured } = error.extensions;
    log.warn('operation over a limit, not refused (LIMIT_MODE=warn)', { code, limit, measured });
  };
  const apollo = createApollo(buildGatewaySchema(), config, log, warnLimit, metrics?.execution);
  await apollo.start();
  /** What `/readyz` reports: this process's own state, never an upstream's (src/http/readiness.ts). */
  const state = { store: true, schema: true, shuttingDown: false };

  const responses = new ResponseCache(config.responseCache, redis, (outcome) =>
    metrics?.cacheRequest('redis_response', outcome),
  );
  const graphiql = createGraphiqlHandler({ endpoint: GRAPHQL_PATH, examples });
  const graphql = createGraphqlEndpoint({
    apollo,
    responses,
    limits: config.limits,
    onWarn: warnLimit,
    observer,
    operations: {
      beginRequest: (client, trace) => gateway.beginRequest(client, trace),
      context: () => gateway.context(),
      get generation() {
        return gateway.cache.generation;
      },
    },
  });

  // CORS, API keys and per-client limits (docs/operations.md "Apps on other origins", "API keys and
  // limits"). The limits count in the shared Redis while it answers, else in this process.
  const cors = createCors(config.edge.cors);
  const guard = createEdgeGuard(config.edge, redis);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url === null)
      return sendJson(res, 400, {
        errors: [{ message: 'The request target is not a URL path.', extensions: { code: 'BAD_REQUEST' } }],
      });
    if (cors?.handle(req, res, url.pathname === GRAPHQL_PATH) === true) return;
    if (url.pathname === '/')
      return sendLanding(req, res, { endpoint: GRAPHQL_PATH, metrics: metrics !== null });
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics' && metrics !== null) return sendMetrics(res, metrics);
    if (url.pathname === '/readyz') {
      const { status, body } = readinessAnswer({ ...state, listening: server.listening });
      return sendJson(res, status, body);
    }
    if (graphiql(req, res)) return;
    if (url.pathname !== GRAPHQL_PATH) {
      return sendJson(res, 404, {
        errors: [
          {
            message: `Not found; the GraphQL endpoint is ${GRAPHQL_PATH}.`,
            extensions: { code: 'NOT_FOUND' },
          },
        ],
      });
    }
    // GraphiQL's page above is not limited; every request to the endpoint is.
    const client = await guard(req, res);
    if (client === null) return;
    await graphql(req, res, url, client);
  }

  const { server, connections } = createHttpServer({
    settings: config.server,
    log,
    // `100 Continue` only for a body the endpoint will read: a POST to it within the body limit.
    acceptsBody: (req) =>
      req.method === 'POST' &&
      requestUrl(req)?.pathname === GRAPHQL_PATH &&
      bodyFits(req, DEFAULT_MAX_BODY_BYTES),
    handle: (req, res) => {
      drain.track(res);
      // Every answer carries the request's id; one log line (and the request metrics) when it ends.
      const started = performance.now();
      res.setHeader(REQUEST_ID_HEADER, traceOf(req).requestId);
      res.once('close', () => {
        const path = requestUrl(req)?.pathname ?? '(not a URL path)';
        const answer = answers.get(req) ?? unanswered(path, res.statusCode);
        const seconds = (performance.now() - started) / 1000;
        if (answer !== undefined) metrics?.request(answer.operation, answer.outcome, seconds);
        const trace = traceOf(req);
        log.info('request', {
          method: req.method,
          path,
          status: res.statusCode,
          duration_ms: Math.round(seconds * 1000),
          operation: answer?.operation ?? undefined,
          outcome: answer?.outcome,
          client: answers.get(req)?.client ?? clientAddressOf(req, config.edge.trustProxyHops),
          request_id: trace.requestId,
          trace_id: trace.traceId,
          ...(res.writableFinished ? {} : { aborted: true }),
        });
      });
      route(req, res).catch((thrown: unknown) => {
        log.error('request failed', { error: thrown instanceof Error ? thrown.stack : String(thrown) });
        if (!res.headersSent)
          sendJson(res, 500, {
            errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        else res.destroy();
      });
    },
  });
  const drain = new ConnectionDrain(server, () => connections.closeIdle());

  const port = options.port ?? config.port;
  const hostName = options.host ?? config.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, hostName, () => resolve());
    });
  } catch (thrown: unknown) {
    await apollo.stop();
    await gateway.close();
    await redis?.close();
    await upstreams.replay?.close();
    throw listenError(thrown, hostName, port);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const embedded = Object.entries(upstreams.endpoints)
    .filter(([, e]) => e.embedded)
    .map(([key]) => key);
  log.info('gateway listening', { url: `${url}${GRAPHQL_PATH}`, embedded });

  return {
    url,
    config,
    gateway,
    replay: upstreams.replay,
    responses,
    connections: () => connections.stats(),
    close: async (graceMs = config.shutdownGraceMs) => {
      state.shuttingDown = true;
      await drain.close(graceMs);
      metrics?.close();
      await apollo.stop();
      state.schema = false;
      await gateway.close();
      state.store = false;
      await redis?.close();
      await upstreams.replay?.close();
    },
  };
}

/**
 * A request to the endpoint that the endpoint did not answer itself: refused in front of it (a limit, a
 * missing API key) or failed unexpectedly. `undefined` for anything else (GraphiQL, other paths).
 */
function unanswered(path: string, status: number): (Answered & { readonly client?: string }) | undefined {
  if (path !== GRAPHQL_PATH || status < 400) return undefined;
  return { operation: null, outcome: status < 500 ? 'refused' : 'error' };
}

/** `GET /metrics`: this gateway's metrics and the process's, in Prometheus's text format. */
async function sendMetrics(res: ServerResponse, metrics: GatewayMetrics): Promise<void> {
  const text = await metrics.text();
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  res.end(text);
}

/** Upstream attempts and cache decisions: counted in `metrics`, and one `debug` line each. */
function upstreamWatch(log: Logger, metrics: GatewayMetrics | null): UpstreamWatch {
  return {
    attempt: (a) => {
      metrics?.upstream(a.source, a.status, a.code, a.seconds);
      log.debug('upstream call', {
        source: a.source,
        method: a.method,
        url: a.url.href,
        status: a.status ?? undefined,
        code: a.code ?? undefined,
        duration_ms: Math.round(a.seconds * 1000),
        request_id: a.trace?.requestId,
      });
    },
    served: (f, trace) => {
      metrics?.served(f);
      log.debug('upstream value served', {
        source: f.source,
        url: f.url,
        cache: f.cache,
        stale_reason: f.staleReason ?? undefined,
        request_id: trace?.requestId,
      });
    },
    sharedLookup: (outcome) => metrics?.cacheRequest('redis', outcome),
  };
}

/** Each request's URL, parsed once (the router, the `100 Continue` check and the log line all ask). */
const parsedUrls = new WeakMap<IncomingMessage, URL | null>();

/**
 * The request's target as a URL, or `null`, parsed once per request: Node's parser lets through targets that are not URLs (`//[`),
 * which are answered 400 rather than throw where nothing would catch it (a listener).
 */
function requestUrl(req: IncomingMessage): URL | null {
  let url = parsedUrls.get(req);
  if (url === undefined) {
    try {
      url = new URL(req.url ?? '/', 'http://gateway.invalid');
    } catch {
      url = null;
    }
    parsedUrls.set(req, url);
  }
  return url;
}

/** Opens the store; a store that cannot be used stops start-up with its sentence (`StoreOpenError`). */
async function openStore(config: Config): Promise<Store> {
  try {
    return await Store.open(config.store);
  } catch (thrown) {
    throw thrown instanceof StoreOpenError ? new ConfigError(thrown.message) : thrown;
  }
}

/** A failure to listen, as a sentence for the person starting the gateway when the cause is theirs to fix. */
function listenError(thrown: unknown, host: string, port: number): unknown {
  const code = typeof thrown === 'object' && thrown !== null && 'code' in thrown ? thrown.code : undefined;
  if (code === 'EADDRINUSE')
    return new ConfigError(
      `Port ${port} on ${host} is already in use: stop what listens there, or set PORT to a free port.`,
    );
  if (code === 'EACCES')
    return new ConfigError(`Not allowed to listen on port ${port} on ${host}: set PORT to 1024 or above.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new ConfigError(`HOST ${host} is not an address of this machine: set HOST to one that is.`);
  return thrown;
}
