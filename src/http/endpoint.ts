import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { OperationLimits } from '../config.js';
import type { GatewayContext } from '../context.js';
import { BodyError, DEFAULT_MAX_BODY_BYTES, parseJsonBody, readBody } from './body.js';
import { clientIdOf } from './client-id.js';
import { checkRequestSource } from './limits-gate.js';
import type { LimitError } from './limits.js';
import { executedAs, operationNameOf, type EndpointObserver, type Outcome } from './observe.js';
import { extensionsOf, isJsonMediaType, mayReplay, persistedQueryProblem } from './request-checks.js';
import { traceOf, type RequestTrace } from './request-id.js';
import { writeAnswer } from './compress.js';
import { sendCached, sendJson } from './respond.js';
import { ResponseCache, isPlainOperation, replayable, type CachedResponse } from './response-cache.js';

/**
 * The GraphQL endpoint, as four named steps: read the body, replay a cached answer, execute, write.
 * See docs/architecture.md "Request path".
 */

/** What the endpoint needs of the layer below: a scope per request, a context, the data generation. */
export interface Operations {
  /**
   * Starts one request's scope: its budget, the client going away, and who the client is, for the
   * upstream queues' turns (see `Gateway.beginRequest`), and the request's id and trace, which its
   * upstream calls carry.
   */
  beginRequest(client: string, trace?: RequestTrace): Operation;
  /** A fresh per-request context. */
  context(): GatewayContext;
  /** The upstream data generation (`UpstreamCache.generation`), bumped on every upstream load. */
  readonly generation: number;
}

/** One request's scope, as `Operations.beginRequest` starts it. */
export interface Operation {
  run<T>(fn: () => T): T;
  clientGone(): void;
  end(): void;
  /** Aborts when the request's budget runs out or its client goes away. */
  readonly signal: AbortSignal;
}

export interface EndpointOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly operations: Operations;
  readonly responses: ResponseCache;
  readonly limits: OperationLimits;
  /** Told of every limit exceeded in `LIMIT_MODE=warn`. */
  readonly onWarn: (error: LimitError) => void;
  /** Told how each request ended and what the response cache answered (metrics, the request log). */
  readonly observer?: EndpointObserver;
}

/** One request as read: its method, content type and raw body (empty unless POST). */
interface RawRequest {
  readonly method: string;
  readonly type: string | undefined;
  readonly raw: Buffer;
}

/**
 * The GraphQL endpoint's request handler. `client` is who the upstream queues take turns by: an API
 * key's holder when the request carried one (src/http/rate-limit.ts), else the peer's address.
 */
export function createGraphqlEndpoint(
  options: EndpointOptions,
): (req: IncomingMessage, res: ServerResponse, url: URL, client?: string) => Promise<void> {
  const { apollo, operations, responses, limits, onWarn, observer } = options;

  /**
   * Step 2: the whole-response cache's answer when it is exact now, or the key to store under. Only a
   * request whose every refusal the key decides is looked up (`mayReplay`); any other executes.
   */
  async function replayCached(
    req: IncomingMessage,
    { method, type, raw }: RawRequest,
    begin: () => Operation,
  ): Promise<{ hit: CachedResponse; key: string } | { key: string | null }> {
    if (!responses.enabled || raw.length === 0 || !mayReplay(method, type)) return { key: null };
    // A warm repeat of an operation is answered while it is exact, before any parsing; a burst of
    // identical misses waits for the one execution under way, within its own budget, which starts then.
    const key = ResponseCache.keyOf(type, req.headers.accept, raw);
    let hit =
      responses.get(key, Date.now(), operations.generation) ?? (await within(responses.running(key), begin));
    // Then another replica's answer (`REDIS_URL`); while that was looked up, an execution here may have
    // begun, which this request then joins rather than start its own.
    if (hit == null && responses.sharing)
      hit = (await responses.sharedGet(key, Date.now())) ?? (await within(responses.running(key), begin));
    if (hit != null && Date.now() < hit.validUntil) {
      observer?.responseCache(req, 'hit');
      return { hit, key };
    }
    observer?.responseCache(req, 'miss');
    return { key };
  }

  /** Step 3: executes the operation inside the request's scope; `context` is the one it ran with. */
  async function execute(
    req: IncomingMessage,
    url: URL,
    method: string,
    body: unknown,
    operation: Operation,
  ): Promise<{ result: HTTPGraphQLResponse; context: GatewayContext | undefined }> {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let context: GatewayContext | undefined;
    try {
      const result = await operation.run(() =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method, headers, search: url.search, body },
          context: () => Promise.resolve((context = operations.context())),
        }),
      );
      return { result, context };
    } finally {
      operation.end();
    }
  }

  return async (req, res, url, client) => {
    // The whole operation has a budget, and a client that goes away stops it: upstream waits end at
    // once and an upstream call nobody else waits for is aborted (docs/reliability.md). It starts when
    // the request first waits: for an identical execution under way, or for its own.
    let operation: Operation | undefined;
    const begin = (): Operation => {
      if (operation !== undefined) return operation;
      const started = operations.beginRequest(client ?? clientIdOf(req), traceOf(req));
      res.once('close', () => {
        if (!res.writableFinished) started.clientGone();
        started.end();
      });
      return (operation = started);
    };
    /** Tells the observer how the request ended, and which operation it named. */
    const answered = (outcome: Outcome, operation: string | null): void =>
      observer?.answered(req, { operation, outcome }, client ?? clientIdOf(req));
    // Step 1: read the body.
    const method = req.method ?? 'GET';
    const type = req.headers['content-type'];
    let request: RawRequest;
    let body: unknown;
    let key: string | null;
    try {
      request = {
        method,
        type,
        raw: method === 'POST' ? await readBody(req, DEFAULT_MAX_BODY_BYTES) : Buffer.alloc(0),
      };
      // Step 2: replay a cached answer (a hit parses nothing).
      const cached = await replayCached(req, request, begin);
      if ('hit' in cached) {
        answered('cached', cached.hit.operation ?? null);
        return await sendCached(req, res, cached.hit);
      }
      key = cached.key;
      body = parse(request);
    } catch (thrown: unknown) {
      if (thrown instanceof BodyError) {
        answered('refused', null);
        return sendJson(res, thrown.status, {
          errors: [{ message: thrown.message, extensions: { code: 'BAD_REQUEST' } }],
        });
      }
      throw thrown;
    }
    if (key !== null && !isPlainOperation(body)) key = null;
    const requested = observer === undefined ? null : requestedOperation(method, body, url);
    const malformed = persistedQueryProblem(extensionsOf(method, body, url.searchParams));
    if (malformed !== undefined) {
      answered('refused', requested);
      return sendJson(res, 400, { errors: [{ message: malformed, extensions: { code: 'BAD_REQUEST' } }] });
    }
    const rejected = checkRequestSource(method, body, url.searchParams, limits, onWarn);
    if (rejected) {
      answered('refused', requested);
      return sendJson(res, rejected.status, rejected.body);
    }
    const generation = operations.generation;
    const settle = key === null ? undefined : responses.lead(key);
    let offered: CachedResponse | null = null;
    try {
      // Step 3: execute.
      const { result, context } = await execute(req, url, method, body, begin());
      if (observer !== undefined) {
        const executed = executedAs(context);
        answered(outcomeOf(result.status ?? 200, executed), executed?.operation ?? requested);
      }
      const operation = executedAs(context)?.operation ?? requested;
      // Step 4: write (and offer a complete, exact answer for replay).
      if (result.body.kind === 'complete') {
        const bytes = Buffer.from(result.body.string, 'utf8');
        if (key !== null)
          offered = replayable(result, bytes, context?.freshness ?? null, generation, operation);
        if (res.destroyed) return;
        await writeAnswer(req, res, { status: result.status ?? 200, headers: result.headers, body: bytes });
        return;
      }
      if (res.destroyed) return;
      writeHead(res, result);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      settle?.(offered);
    }
  };
}

/**
 * The answer of an identical execution under way, waited for no longer than the joiner's own budget
 * allows: `undefined` once it runs out (or the client leaves), and the joiner executes with what is left.
 */
async function within(
  running: Promise<CachedResponse | null> | undefined,
  begin: () => Operation,
): Promise<CachedResponse | null | undefined> {
  if (running === undefined) return undefined;
  const { signal } = begin();
  if (signal.aborted) return undefined;
  let stop = (): void => {};
  const stopped = new Promise<undefined>((resolve) => {
    stop = () => resolve(undefined);
    signal.addEventListener('abort', stop, { once: true });
  });
  return Promise.race([running, stopped]).finally(() => signal.removeEventListener('abort', stop));
}

/** The operation a request names, from its JSON body or (a GET) its query string. */
function requestedOperation(method: string, body: unknown, url: URL): string | null {
  if (method === 'GET')
    return operationNameOf(url.searchParams.get('operationName'), url.searchParams.get('query'));
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return operationNameOf(b['operationName'], b['query']);
}

/** An executed request's outcome: a 4xx was refused before execution, else what the answer holds. */
function outcomeOf(status: number, executed: { readonly outcome: Outcome } | undefined): Outcome {
  if (status >= 400 && status < 500) return 'refused';
  if (status >= 500) return 'error';
  return executed?.outcome ?? 'ok';
}

/** The body as Apollo takes it: parsed JSON, the text of another content type, or nothing. */
function parse({ type, raw }: RawRequest): unknown {
  if (isJsonMediaType(type)) return parseJsonBody(raw, type);
  return raw.length > 0 ? raw.toString('utf8') : undefined;
}

function writeHead(res: ServerResponse, result: HTTPGraphQLResponse): void {
  for (const [name, value] of result.headers) res.setHeader(name, value);
  res.statusCode = result.status ?? 200;
}
