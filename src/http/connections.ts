import {
  createServer,
  ServerResponse,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { Socket } from 'node:net';
import type { ServerSettings } from '../config.js';
import type { Logger } from '../log.js';
import { DEFAULT_MAX_BODY_BYTES, declaredLength } from './body.js';

/**
 * The gateway's node:http server and its connections: timeouts, a cap, idle connections closed oldest
 * first past a bound, `100 Continue` only for a body that will be read, and a lingering close after an
 * answer sent before its request's body was read. See docs/reliability.md "Connections".
 */

/**
 * A connection answered before its request's body was read is closed in stages (RFC 9112 section 9.6):
 * the answer and a FIN go out, the body still arriving is read and dropped for at most `LINGER_MS` and
 * `LINGER_MAX_BYTES`, then the socket is closed. Closed at once, the kernel would answer the arriving
 * bytes with a reset, and a client still sending would often lose the answer to it. 2 s is several
 * round trips on the slowest links; 8 MiB is twice what a sender's socket buffer holds by default on
 * Linux (4 MiB), so a client that stops sending once it sees the answer is never reset. Read once per
 * refused body, it costs the gateway no more than the client spent sending it.
 */
export const LINGER_MS = 2000;
export const LINGER_MAX_BYTES = 8 * 1024 * 1024;

/** How often node:http looks for connections past a timeout: a tenth of the headers timeout, at most 1 s. */
export function checkingIntervalMs(settings: ServerSettings): number {
  return Math.max(10, Math.min(1000, Math.round(settings.headersTimeoutMs / 10)));
}

/** What the connections are doing, counted since start where it says so. */
export interface ConnectionStats {
  /** Connections accepted since start. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Of them, those with no request in progress (none yet, or between two). */
  readonly idle: number;
  /** Idle connections closed to keep them within `HTTP_MAX_IDLE_CONNECTIONS`, since start. */
  readonly idleClosed: number;
  /** Connections refused at accept because `HTTP_MAX_CONNECTIONS` were open, since start. */
  readonly dropped: number;
  /** Connections closed with a lingering close, since start. */
  readonly lingerClosed: number;
  /** Bytes read on those connections, request heads and refused bodies included, since start. */
  readonly lingerBytesRead: number;
}

interface Connection {
  /** Requests admitted and not yet answered. */
  requests: number;
  /** Being closed in stages; no further request is served on it. */
  lingering: boolean;
}

/** Tracks every connection of one server: which are idle, oldest first, and which are lingering. */
export class ConnectionGuard {
  readonly #all = new Map<Socket, Connection>();
  /** Idle connections in the order they became idle (a Set keeps insertion order). */
  readonly #idle = new Set<Socket>();
  #accepted = 0;
  #idleClosed = 0;
  #dropped = 0;
  #lingerClosed = 0;
  #lingerBytesRead = 0;
  #lastDropWarning = -Infinity;

  constructor(
    private readonly maxIdle: number,
    private readonly log: Logger,
  ) {}

  /** Starts tracking the connections of `server`. */
  watch(server: Server): void {
    server.on('connection', (socket: Socket) => this.#opened(socket));
    server.on('drop', () => this.#drop());
  }

  stats(): ConnectionStats {
    return {
      accepted: this.#accepted,
      open: this.#all.size,
      idle: this.#idle.size,
      idleClosed: this.#idleClosed,
      dropped: this.#dropped,
      lingerClosed: this.#lingerClosed,
      lingerBytesRead: this.#lingerBytesRead,
    };
  }

  /** Call first for every request; false when its connection is closing and the request is dropped. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const socket = req.socket;
    const connection = this.#all.get(socket);
    if (connection === undefined) return true;
    // Bytes after a refused body are not a request the gateway answers: its answer said it closes.
    if (connection.lingering) {
      socket.destroy();
      return false;
    }
    connection.requests += 1;
    this.#idle.delete(socket);
    res.once('close', () => {
      connection.requests -= 1;
      if (connection.requests > 0 || connection.lingering || socket.destroyed) return;
      this.#idle.add(socket);
      this.#trim();
    });
    return true;
  }

  /** Closes every connection with no request in progress, those that never sent one included. */
  closeIdle(): void {
    for (const socket of this.#idle) socket.destroy();
  }

  /**
   * Called as the head of an answer is written while its request's body is still unread: the answer
   * says `Connection: close`, and once it is written the connection closes in stages (`LINGER_MS`).
   */
  linger(res: ServerResponse): void {
    const { req } = res;
    const socket = req.socket;
    const connection = this.#all.get(socket);
    if (connection === undefined || connection.lingering || socket.destroyed) return;
    connection.lingering = true;
    this.#idle.delete(socket);
    res.setHeader('connection', 'close');
    let drained = 0;
    // Reading the body here also keeps node:http from draining it without a bound after the answer.
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > LINGER_MAX_BYTES) socket.destroy();
    });
    req.resume();
    // node:http ends a `Connection: close` answer's socket with destroySoon(), which closes it as soon as
    // the answer is written; this one half-closes and waits instead.
    (socket as Socket & { destroySoon(): void }).destroySoon = () => {
      socket.end();
      const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
      socket.once('close', () => clearTimeout(timer));
    };
  }

  #opened(socket: Socket): void {
    const connection: Connection = { requests: 0, lingering: false };
    this.#accepted += 1;
    this.#all.set(socket, connection);
    this.#idle.add(socket);
    socket.once('close', () => {
      this.#all.delete(socket);
      this.#idle.delete(socket);
      if (connection.lingering) {
        this.#lingerClosed += 1;
        this.#lingerBytesRead += socket.bytesRead;
      }
    });
    this.#trim();
  }

  /** Closes the oldest idle connections past the bound, so that idle ones never fill the server. */
  #trim(): void {
    for (const socket of this.#idle) {
      if (this.#idle.size <= this.maxIdle) return;
      this.#idle.delete(socket);
      this.#idleClosed += 1;
      socket.destroy();
    }
  }

  #drop(): void {
    this.#dropped += 1;
    const now = Date.now();
    if (now - this.#lastDropWarning < 10_000) return;
    this.#lastDropWarning = now;
    this.log.warn('connection refused: HTTP_MAX_CONNECTIONS connections are open', {
      dropped: this.#dropped,
      open: this.#all.size,
    });
  }
}

/**
 * Whether an answer must close its connection: its request has a body not yet read, and that body is
 * chunked, declared above the body limit, or withheld until `100 Continue`, which was not sent. node:http
 * would otherwise read and drop the rest to keep the connection, without a bound but the request timeout;
 * a small declared rest it may read.
 */
function leavesBodyUnread(req: IncomingMessage, continued: boolean): boolean {
  if (req.complete) return false;
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const declared = declaredLength(req);
  if (!chunked && !(declared > 0)) return false;
  return chunked || declared > DEFAULT_MAX_BODY_BYTES || (req.headers.expect !== undefined && !continued);
}

export interface HttpServerOptions {
  readonly settings: ServerSettings;
  readonly log: Logger;
  /**
   * Whether a request that asks for `100 Continue` will have its body read; otherwise it is answered
   * at once (413 for a declared length above the limit) without `100 Continue`.
   */
  readonly acceptsBody: (req: IncomingMessage) => boolean;
  /** The request handler. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The gateway's HTTP server with its connection settings, and what its connections are doing. */
export function createHttpServer(options: HttpServerOptions): {
  server: Server;
  connections: ConnectionGuard;
} {
  const { settings, log, acceptsBody, handle } = options;
  const connections = new ConnectionGuard(settings.maxIdleConnections, log);

  /** Every answer: `nosniff` unless set, and a lingering close when its request's body is left unread. */
  class GatewayResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
    #continued = false;

    override writeContinue(callback?: () => void): void {
      this.#continued = true;
      super.writeContinue(callback);
    }

    override writeHead(statusCode: number, ...rest: unknown[]): this {
      if (!this.headersSent) {
        if (!this.hasHeader('x-content-type-options')) this.setHeader('x-content-type-options', 'nosniff');
        if (leavesBodyUnread(this.req, this.#continued)) connections.linger(this);
      }
      // The status message and headers, whichever were given, pass through as they came.
      return super.writeHead(statusCode, ...(rest as [string?, OutgoingHttpHeaders?]));
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!connections.admit(req, res)) return;
    handle(req, res);
  };
  const server = createServer(
    {
      ServerResponse: GatewayResponse,
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(settings),
    },
    listener,
  );
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.maxConnections = settings.maxConnections;
  // Without this listener node:http sends `100 Continue` to every request that asks, bodies it is about
  // to refuse included.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (acceptsBody(req)) res.writeContinue();
    listener(req, res);
  });
  connections.watch(server);
  return { server, connections };
}
