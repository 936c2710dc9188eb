import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startUpstreams } from './embedded.js';
import { Gateway } from './gateway.js';
import { createApollo } from './http/apollo.js';
import { bodyFits, DEFAULT_MAX_BODY_BYTES } from './http/body.js';
import { createHttpServer, type ConnectionStats } from './http/connections.js';
import { createGraphqlEndpoint } from './http/endpoint.js';
import { createGraphiqlHandler, loadExampleQueries } from './http/graphiql.js';
import type { LimitError } from './http/limits.js';
import { readinessAnswer } from './http/readiness.js';
import { sendJson } from './http/respond.js';
import { ResponseCache } from './http/response-cache.js';
import { ConnectionDrain } from './http/shutdown.js';
import { createLogger, type Logger } from './log.js';
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
  const gateway = new Gateway(upstreams.config, upstreams.endpoints, log, store);
  gateway.warm();
  /** `LIMIT_MODE=warn`: an operation over a limit runs, and the log says which limit and by how much. */
  const warnLimit = (error: LimitError): void => {
    const { code, limit, measured } = error.extensions;
    log.warn('operation over a limit, not refused (LIMIT_MODE=warn)', { code, limit, measured });
  };
  const apollo = createApollo(buildGatewaySchema(), config, log, warnLimit);
  await apollo.start();
  /** What `/readyz` reports: this process's own state, never an upstream's (src/http/readiness.ts). */
  const state = { store: true, schema: true, shuttingDown: false };

  const responses = new ResponseCache(config.responseCache);
  const graphiql = createGraphiqlHandler({ endpoint: GRAPHQL_PATH, examples: await loadExampleQueries() });
  const graphql = createGraphqlEndpoint({
    apollo,
    responses,
    limits: config.limits,
    onWarn: warnLimit,
    operations: {
      beginRequest: (client) => gateway.beginRequest(client),
      context: () => gateway.context(),
      get generation() {
        return gateway.cache.generation;
      },
    },
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
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
    await graphql(req, res, url);
  }

  const { server, connections } = createHttpServer({
    settings: config.server,
    log,
    // `100 Continue` only for a body the endpoint will read: a POST to it within the body limit.
    acceptsBody: (req) =>
      req.method === 'POST' &&
      new URL(req.url ?? '/', 'http://gateway.invalid').pathname === GRAPHQL_PATH &&
      bodyFits(req, DEFAULT_MAX_BODY_BYTES),
    handle: (req, res) => {
      drain.track(res);
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
      await apollo.stop();
      state.schema = false;
      await gateway.close();
      state.store = false;
      await upstreams.replay?.close();
    },
  };
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
