/**
 * The replay server: a real `node:http` server on a loopback port. Per request: log it, look up a fault,
 * else take a rate-limit token, route it to the module of its upstream family, then write the answer
 * (with 304s for conditional requests) well or badly as the fault says.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Delivery } from './deliver.js';
import { deliverWireFault, drip, reset, send, sleep, truncate } from './deliver.js';
import { EMBEDDED_OCDS_FILES } from './embedded.js';
import {
  DEFAULT_DRIP_BYTES,
  FaultRegistry,
  htmlFaultResponse,
  malformedFaultResponse,
  retryAfterFaultResponse,
  statusFaultResponse,
  unreachable,
} from './faults.js';
import type { EncodedResponse, ReplayRequest, ReplayResponse } from './http.js';
import { encode, errorResponse, isNotModified, notModified } from './http.js';
import { createEitiModule } from './eiti.js';
import { createInvestmentModule } from './investment.js';
import { createOcdsModule } from './ocds.js';
import { loadOcdsDataset } from './ocds-data.js';
import { resolveOptions } from './options.js';
import { TokenBucket } from './rate-limit.js';
import { createRegistryModule } from './registry.js';
import { createScaleModule } from './scale-feed.js';
import { InFlightTracker, RequestLog } from './request-log.js';
import { createTenderMnModule } from './tender-mn.js';
import type { RouteModule } from './router.js';
import { moduleFor, route } from './router.js';
import type { DriftVariant, Fault, ReplayOptions, ReplayServer } from './types.js';

interface ServerState {
  readonly modules: readonly RouteModule[];
  readonly log: RequestLog;
  readonly inFlight: InFlightTracker;
  readonly faults: FaultRegistry;
  readonly limiter:
    { readonly bucket: TokenBucket; readonly requests: number; readonly windowMs: number } | undefined;
  /** Aborted by `close()`, so that delays and drips in flight stop at once. */
  readonly closing: AbortController;
  baseUrl: string;
}

/**
 * Parses the request target. An origin is prepended rather than used as a base, so that a path such as
 * `//host/x` stays a path instead of becoming another host.
 */
function parseTarget(raw: string): URL {
  try {
    return new URL(raw.startsWith('/') ? `http://replay.invalid${raw}` : raw);
  } catch {
    return new URL('http://replay.invalid/');
  }
}

function requestSignal(state: ServerState, res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return AbortSignal.any([state.closing.signal, gone.signal]);
}

function rateLimited(
  limit: { requests: number; windowMs: number },
  retryAfterSeconds: number,
): ReplayResponse {
  const message = `Rate limit of ${limit.requests} requests per ${limit.windowMs} ms exceeded; retry after ${retryAfterSeconds} s.`;
  return errorResponse(429, message, { 'Retry-After': String(retryAfterSeconds) });
}

/** The module's answer, as a 304 when the client's validators still match. */
function routedConditionally(state: ServerState, request: ReplayRequest): EncodedResponse {
  const encoded = encode(route(state.modules, request));
  return isNotModified(request, encoded) ? notModified(encoded) : encoded;
}

/** The module's answer reshaped by its drift function, on a deep copy of the shared data. */
function drifted(state: ServerState, request: ReplayRequest, variant: DriftVariant): ReplayResponse {
  const response = route(state.modules, request);
  const module = moduleFor(state.modules, request.path);
  if (response.body.type !== 'json' || module?.drift === undefined) return response;
  const value = module.drift(structuredClone(response.body.value), variant);
  return { ...response, body: { type: 'json', value } };
}

async function respond(
  state: ServerState,
  request: ReplayRequest,
  d: Delivery,
  fault: Fault | undefined,
): Promise<void> {
  if (fault === undefined) {
    const verdict = state.limiter?.bucket.take();
    if (state.limiter !== undefined && verdict?.ok === false) {
      send(d, encode(rateLimited(state.limiter, verdict.retryAfterSeconds)));
    } else {
      send(d, routedConditionally(state, request));
    }
    return;
  }
  switch (fault.kind) {
    case 'delay':
      if (await sleep(fault.ms, d.signal)) send(d, routedConditionally(state, request));
      return;
    case 'drip':
      return drip(
        d,
        routedConditionally(state, request),
        fault.intervalMs,
        fault.bytesPerChunk ?? DEFAULT_DRIP_BYTES,
      );
    case 'status':
      return send(d, encode(statusFaultResponse(fault)));
    case 'retryAfter':
      return send(d, encode(retryAfterFaultResponse(fault)));
    case 'malformed':
      return send(d, encode(malformedFaultResponse()));
    case 'truncate':
      return truncate(d, encode(route(state.modules, request)));
    case 'drift':
      return send(d, encode(drifted(state, request, fault.variant)));
    case 'reset':
      return reset(d);
    case 'html':
      return send(d, encode(htmlFaultResponse()));
    case 'huge':
    case 'redirect':
    case 'cacheControl':
    case 'dateSkew':
    case 'raw':
    case 'charset':
      return deliverWireFault(d, fault, request.url, () => routedConditionally(state, request));
    default:
      return unreachable(fault);
  }
}

async function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = parseTarget(req.url ?? '/');
  const method = (req.method ?? 'GET').toUpperCase();
  const entry = state.log.start(method, target.pathname, target.search.slice(1), req.headers);
  // In flight until the response is handed to the socket ('finish') or the socket goes ('close').
  const depart = state.inFlight.begin(target.pathname);
  res.once('finish', depart);
  res.once('close', depart);
  const body = await readRequestBody(req);
  const delivery: Delivery = {
    res,
    head: method === 'HEAD',
    signal: requestSignal(state, res),
    onStatus: (status) => {
      entry.status = status;
    },
  };
  const request: ReplayRequest = {
    method,
    path: target.pathname,
    query: target.searchParams,
    headers: req.headers,
    body: body ?? Buffer.alloc(0),
    url: `${state.baseUrl}${target.pathname}${target.search}`,
    baseUrl: state.baseUrl,
  };
  if (body === null) {
    send(
      delivery,
      encode(errorResponse(413, `Request bodies above ${MAX_REQUEST_BODY_BYTES} bytes are refused.`)),
    );
    return;
  }
  try {
    await respond(state, request, delivery, state.faults.take(request.path));
  } catch (e: unknown) {
    // Only a bug lands here. Answer if still possible, so a test fails with a message instead of hanging.
    const message = e instanceof Error ? e.message : String(e);
    if (res.headersSent) res.destroy();
    else send(delivery, encode(errorResponse(500, `The replay server failed: ${message}`)));
  }
}

/** Largest request body the replay server reads (form posts of the native APIs are small). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body; `null` when it is larger than `MAX_REQUEST_BODY_BYTES`. */
async function readRequestBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        req.resume();
        return null;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    // A client that hangs up mid-body gets whatever arrived; its response goes nowhere anyway.
  }
  return Buffer.concat(chunks, size);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function baseUrlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts a replay server. With no options it serves every embedded data set on an ephemeral port of
 * 127.0.0.1. Rejects with a sentence naming the option when an option is invalid or a file cannot be loaded.
 */
export async function startReplayServer(options?: ReplayOptions): Promise<ReplayServer> {
  const resolved = resolveOptions(options, EMBEDDED_OCDS_FILES);
  const ocds = await loadOcdsDataset(resolved.files);
  const { rateLimit } = resolved;
  const scale = resolved.scale === null ? null : createScaleModule(resolved.scale);
  const state: ServerState = {
    modules: [
      createOcdsModule(ocds),
      ...(scale === null ? [] : [scale.module]),
      ...(await createRegistryModule(options?.registry)),
      ...(await createEitiModule(options?.eiti)),
      ...(await createTenderMnModule(options?.tenderMn)),
      ...(await createInvestmentModule(options?.investment)),
    ],
    log: new RequestLog(),
    inFlight: new InFlightTracker(),
    faults: new FaultRegistry(),
    limiter:
      rateLimit === false
        ? undefined
        : { ...rateLimit, bucket: new TokenBucket(rateLimit.requests, rateLimit.windowMs) },
    closing: new AbortController(),
    baseUrl: '',
  };
  const server = createServer((req, res) => void handleRequest(state, req, res));
  await listen(server, resolved.port, resolved.host);
  state.baseUrl = baseUrlOf(server.address() as AddressInfo);

  let closed: Promise<void> | undefined;
  return {
    url: state.baseUrl,
    get requests() {
      return state.log.snapshot();
    },
    countRequests: (filter) => state.log.count(filter),
    clearLog: () => state.log.clear(),
    peakInFlight: (filter) => state.inFlight.peak(filter),
    inFlight: (filter) => state.inFlight.current(filter),
    resetPeak: () => state.inFlight.resetPeak(),
    faults: {
      set: (routeSpec, fault, faultOptions) => state.faults.set(routeSpec, fault, faultOptions),
      clear: () => state.faults.clear(),
    },
    scaleFeed: scale?.feed ?? null,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        state.closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}
