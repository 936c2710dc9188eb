import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { loadConfig, type Config } from './config.js';
import type { GatewayContext } from './context.js';
import { Gateway } from './gateway.js';
import { BodyError, DEFAULT_MAX_BODY_BYTES, parseJsonBody, readBody } from './http/body.js';
import { createFormatError } from './http/errors.js';
import { freshnessPlugin } from './http/freshness-plugin.js';
import { createGraphiqlHandler, loadExampleQueries } from './http/graphiql.js';
import { checkRequestSource, operationLimitsPlugin, type LimitError } from './http/limits.js';
import { ResponseCache, isPlainOperation, type CachedResponse } from './http/response-cache.js';
import { createLogger, type Logger } from './log.js';
import { startReplayServer, type ReplayServer } from './replay/index.js';
import { buildGatewaySchema } from './schema.js';

/** Where each upstream lives on the embedded replay server. */
export const EMBEDDED_PATHS = {
  procurement: '/ocds',
  registry: '/registry',
  eiti: '/eiti/api/v2.0',
  eitiMongolia: '/eitim',
  tenderMn: '/tender-mn/api',
  investment: '/investment',
} as const;

/** The token sent to the embedded tender.gov.mn replay (which accepts any non-empty token). */
export const EMBEDDED_TENDER_MN_TOKEN = 'embedded-replay';

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
  close(): Promise<void>;
}

/**
 * Starts the gateway: the embedded replay server for every source without a configured URL, the
 * upstream layer, Apollo Server, and a node:http server with GraphiQL, `/healthz` and `/readyz`.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const config = loadConfig(options.env ?? process.env);
  const log = options.log ?? createLogger(config.logLevel);
  const s = config.sources;
  const configured = {
    procurement: s.procurement.url,
    registry: s.registry.url,
    eiti: s.eiti.url,
    eitiMongolia: s.eitiMongolia.url,
    tenderMn: s.tenderMn.url,
    investment: s.investment.url,
  };
  // Every source without a configured URL is served by the embedded replay server, at its native paths.
  const needsReplay = Object.values(configured).some((url) => url === undefined);
  const replay = needsReplay
    ? await startReplayServer({ host: config.replay.host, port: config.replay.port })
    : null;
  const embeddedUrl = (path: string) => `${replay?.url ?? ''}${path}`;
  // The embedded tender.gov.mn replay asks for a Bearer token like the real API; it accepts any.
  const effective =
    configured.tenderMn === undefined && s.tenderMn.token === undefined
      ? { ...config, sources: { ...s, tenderMn: { ...s.tenderMn, token: EMBEDDED_TENDER_MN_TOKEN } } }
      : config;
  const gateway = new Gateway(
    effective,
    {
      procurement: configured.procurement ?? embeddedUrl(EMBEDDED_PATHS.procurement),
      registry: configured.registry ?? embeddedUrl(EMBEDDED_PATHS.registry),
      eiti: configured.eiti ?? embeddedUrl(EMBEDDED_PATHS.eiti),
      eitiMongolia: configured.eitiMongolia ?? embeddedUrl(EMBEDDED_PATHS.eitiMongolia),
      tenderMn: configured.tenderMn ?? embeddedUrl(EMBEDDED_PATHS.tenderMn),
      investment: configured.investment ?? embeddedUrl(EMBEDDED_PATHS.investment),
    },
    {
      procurement: configured.procurement === undefined,
      registry: configured.registry === undefined,
      eiti: configured.eiti === undefined,
      eitiMongolia: configured.eitiMongolia === undefined,
      tenderMn: configured.tenderMn === undefined,
      investment: configured.investment === undefined,
    },
    log,
  );
  gateway.warm();
  /** `LIMIT_MODE=warn`: an operation over a limit runs, and the log says which limit and by how much. */
  const warnLimit = (error: LimitError): void => {
    const { code, limit, measured } = error.extensions;
    log.warn('operation over a limit, not refused (LIMIT_MODE=warn)', { code, limit, measured });
  };

  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // The parser's own token cap backs up the pre-parse count of the limits plugin.
    parseOptions: config.limits.mode === 'enforce' ? { maxTokens: config.limits.maxTokens } : {},
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    // Apollo's default landing page loads from a CDN; our own GraphiQL answers browsers instead.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      freshnessPlugin(),
      operationLimitsPlugin(config.limits, warnLimit),
    ],
    logger: {
      debug: () => {},
      info: () => {},
      warn: (m) => log.warn(String(m)),
      error: (m) => log.error(String(m)),
    },
  });
  await apollo.start();

  const responses = new ResponseCache(config.responseCache);
  const graphiql = createGraphiqlHandler({ endpoint: GRAPHQL_PATH, examples: await loadExampleQueries() });
  const server = createServer((req, res) => {
    handle(req, res).catch((thrown: unknown) => {
      log.error('request failed', { error: thrown instanceof Error ? thrown.stack : String(thrown) });
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const state = await gateway.ready();
      return sendJson(res, state.ready ? 200 : 503, {
        status: state.ready ? 'ready' : 'not ready',
        sources: state.sources,
      });
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
    await serveGraphql(req, res, url);
  }

  async function serveGraphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const type = req.headers['content-type'];
    let raw: Buffer;
    let body: unknown;
    let key: string | null = null;
    try {
      raw = method === 'POST' ? await readBody(req, DEFAULT_MAX_BODY_BYTES) : Buffer.alloc(0);
      // A warm repeat of an operation is answered from the whole-response cache while it is exact,
      // before any parsing; a burst of identical misses waits for the one execution under way.
      if (responses.enabled && method === 'POST' && raw.length > 0) {
        key = ResponseCache.keyOf(type, req.headers.accept, raw);
        const hit =
          responses.get(key, Date.now(), gateway.cache.generation) ?? (await responses.running(key));
        if (hit != null && Date.now() < hit.validUntil) return sendCached(res, hit);
      }
      body = /\bjson\b/i.test(type ?? '')
        ? parseJsonBody(raw, type)
        : raw.length > 0
          ? raw.toString('utf8')
          : undefined;
    } catch (thrown: unknown) {
      if (thrown instanceof BodyError) {
        return sendJson(res, thrown.status, {
          errors: [{ message: thrown.message, extensions: { code: 'BAD_REQUEST' } }],
        });
      }
      throw thrown;
    }
    if (key !== null && !isPlainOperation(body)) key = null;
    const generation = gateway.cache.generation;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const rejected = checkRequestSource(method, body, url.searchParams, config.limits, warnLimit);
    if (rejected) return sendJson(res, rejected.status, rejected.body);
    const settle = key === null ? undefined : responses.lead(key);
    let replayable: CachedResponse | null = null;
    try {
      // The whole operation has a budget, and a client that goes away stops it: upstream waits end at
      // once and an upstream call nobody else waits for is aborted (RELIABILITY.md §12b rows 22, 23).
      const operation = gateway.beginRequest();
      res.once('close', () => {
        if (!res.writableFinished) operation.clientGone();
      });
      let result: Awaited<ReturnType<typeof apollo.executeHTTPGraphQLRequest>>;
      let context: GatewayContext | undefined;
      try {
        result = await operation.run(() =>
          apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method, headers, search: url.search, body },
            context: () => Promise.resolve((context = gateway.context())),
          }),
        );
      } finally {
        operation.end();
      }
      const status = result.status ?? 200;
      if (result.body.kind === 'complete') {
        const bytes = Buffer.from(result.body.string, 'utf8');
        const until = context?.freshness.replayableUntil() ?? null;
        // Only an answer with no errors (the freshness plugin then sets a max-age) built wholly from
        // fresh cache hits, finished before any of its ages ticked over, can be replayed exactly.
        if (
          key !== null &&
          until !== null &&
          status === 200 &&
          Date.now() < until &&
          /max-age=/.test(result.headers.get('cache-control') ?? '')
        ) {
          replayable = {
            status,
            headers: { ...Object.fromEntries(result.headers), 'content-length': String(bytes.length) },
            body: bytes,
            validUntil: until,
            generation,
          };
        }
        if (res.destroyed) return;
        for (const [name, value] of result.headers) res.setHeader(name, value);
        res.statusCode = status;
        res.end(bytes);
        return;
      }
      if (res.destroyed) return;
      for (const [name, value] of result.headers) res.setHeader(name, value);
      res.statusCode = status;
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      settle?.(replayable);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, options.host ?? config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info('gateway listening', { url: `${url}${GRAPHQL_PATH}`, embedded: replay !== null });

  return {
    url,
    config,
    gateway,
    replay,
    responses,
    close: async () => {
      await closeServer(server);
      await apollo.stop();
      await gateway.close();
      await replay?.close();
    },
  };
}

function sendCached(res: ServerResponse, cached: CachedResponse): void {
  res.writeHead(cached.status, cached.headers);
  res.end(cached.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
