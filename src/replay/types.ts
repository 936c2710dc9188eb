/**
 * Public types of the replay server. Implementation modules import these; `index.ts` re-exports them.
 */
import type { EitiReplayOptions } from './eiti.js';
import type { InvestmentReplayOptions } from './investment.js';
import type { RegistryReplayOptions } from './registry.js';
import type { TenderMnReplayOptions } from './tender-mn.js';

/** Options of `startReplayServer`; every field is optional and validated once, at start-up. */
export interface ReplayOptions {
  /** Default `'127.0.0.1'`. Must be a loopback address (127.0.0.0/8, `::1`) or `'localhost'`. */
  host?: string;
  /** Default `0`: an ephemeral port chosen by the operating system. */
  port?: number;
  /** Procurement data to serve; default `EMBEDDED_OCDS_FILES`. */
  ocds?: { files: OcdsFileSpec[] };
  /** Legal-entity registry data to serve; default the embedded register extract and fictional companies. */
  registry?: RegistryReplayOptions;
  /** EITI (eiti.org API and EITI Mongolia) data to serve; default the embedded captures. */
  eiti?: EitiReplayOptions;
  /** tender.gov.mn open-data API data to serve; default derived from the fictional OCDS scenario. */
  tenderMn?: TenderMnReplayOptions;
  /** Public investment (OC4IDS) data to serve; default the fictional Mongolian projects. */
  investment?: InvestmentReplayOptions;
  /** Per-server token bucket; `false` turns it off. Default `DEFAULT_RATE_LIMIT`. */
  rateLimit?: { requests: number; windowMs: number } | false;
  /**
   * Also serve a synthetic OCDS API of any size under `/ocds-scale`, generated per request from the
   * release index (`scale-feed.ts`); default none.
   */
  scale?: ScaleFeedOptions;
}

/** The size and seed of the synthetic scale feed. */
export interface ScaleFeedOptions {
  /** Releases in the feed, 0 to `MAX_SCALE_RELEASES`. Release k is a pure function of (seed, k). */
  releases: number;
  /** Contracting processes, at least 1: release k belongs to process k mod `processes`. */
  processes: number;
  /** Any integer from 0 to 2^32 − 1; default 1. */
  seed?: number;
}

/** The scale feed of a running server: its size (which may grow while it runs) and its generator. */
export interface ScaleFeed {
  /** Path prefix of its OCDS API, `/ocds-scale`. */
  readonly prefix: string;
  readonly releases: number;
  readonly processes: number;
  readonly seed: number;
  /**
   * Changes the number of releases served from the next request on. Release k stays the same bytes, so
   * growing the feed only adds newer releases (what a publisher does between two harvests).
   */
  setReleases(releases: number): void;
  /** The ocid of process `p` (0-based). */
  ocid(p: number): string;
  /** The `date` of release `k`: a fixed start plus `k` steps, so newest first is `k` descending. */
  date(k: number): string;
  /** Release `k` (0-based) as served. */
  release(k: number): Record<string, unknown>;
}

/** One OCDS file to load: JSON or JSON Lines, gzipped or not, any OCDS document type. */
export interface OcdsFileSpec {
  path: string;
  /** Injected as `x_fictional` on releases (and compiled releases) that do not carry one. */
  fictionalNotice?: string;
}

/** A running replay server. */
export interface ReplayServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43567`. */
  readonly url: string;
  /** A snapshot of the request log, in arrival order. */
  readonly requests: readonly RequestLogEntry[];
  /** How many logged requests match every given criterion (all requests when no filter is given). */
  countRequests(filter?: { pathPrefix?: string; method?: string }): number;
  clearLog(): void;
  /**
   * The most requests handled at once since start or `resetPeak()`, overall or for paths starting with
   * `pathPrefix`. A request is in flight from its arrival until its response has been handed to the
   * socket or its socket closed: a delayed or dripping one stays in flight, a reset one leaves at once.
   */
  peakInFlight(filter?: { pathPrefix?: string }): number;
  /** Requests being handled now, overall or for paths starting with `pathPrefix`. */
  inFlight(filter?: { pathPrefix?: string }): number;
  /** Starts a new peak from the requests in flight now (independent of `clearLog`). */
  resetPeak(): void;
  readonly faults: FaultController;
  /** The synthetic scale feed, when `ReplayOptions.scale` was given; otherwise `null`. */
  readonly scaleFeed: ScaleFeed | null;
  /** Stops listening, destroys every socket and cancels pending delays; resolves when all is closed. */
  close(): Promise<void>;
}

/** One request as the replay server saw it. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path as received (still percent-encoded), without the query. */
  readonly path: string;
  /** Query string without the leading `?`; empty when there is none. */
  readonly query: string;
  /** Status sent to the client; `0` when the socket was destroyed before any response (or not yet sent). */
  readonly status: number;
  /** Arrival time, epoch milliseconds. */
  readonly at: number;
  /** Request headers, names in lower case, repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
}

export type { DriftVariant } from './drift.js';
import type { DriftVariant } from './drift.js';

/** A misbehaviour the replay server can be told to show. */
export type Fault =
  /** Waits `ms` before sending headers, then answers normally. */
  | { kind: 'delay'; ms: number }
  /** Sends the headers at once, then the body `bytesPerChunk` bytes (default 16) every `intervalMs`. */
  | { kind: 'drip'; intervalMs: number; bytesPerChunk?: number }
  /** Answers with this status; `body` defaults to a JSON error, `headers` are added. */
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Answers 429 (default) or 503 with this `Retry-After` value, sent verbatim even when malformed. */
  | { kind: 'retryAfter'; status?: 429 | 503; retryAfter: string }
  /** 200 `application/json` whose body is not JSON. */
  | { kind: 'malformed' }
  /** Announces the full `Content-Length`, sends half the bytes, then destroys the socket. */
  | { kind: 'truncate' }
  /** Valid JSON whose OCDS shape is broken in a field the gateway reads. */
  | { kind: 'drift'; variant: DriftVariant }
  /** Destroys the socket without any response. */
  | { kind: 'reset' }
  /** 200 `text/html` page, like a web application firewall's challenge. */
  | { kind: 'html' }
  /**
   * 200 `application/json` of `bytes` bytes (default `DEFAULT_HUGE_BYTES`, 50 MiB), generated as it is
   * written and never held whole. `contentLength: false` sends it chunked, without announcing the size.
   */
  | { kind: 'huge'; bytes?: number; contentLength?: boolean }
  /**
   * A redirect (`status`, default 302) to `location`: another host, or when `location` is omitted the
   * request's own URL (a redirect loop). The target is only named, never contacted by the server.
   */
  | { kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308; location?: string }
  /** Answers normally (conditional requests and 304s included) with this `Cache-Control` instead. */
  | { kind: 'cacheControl'; value: string }
  /** Answers normally with a `Date` header `ms` milliseconds off the server's clock (negative: past). */
  | { kind: 'dateSkew'; ms: number }
  /**
   * Answers normally, its text body re-encoded into `charset` (UTF-8, UTF-16 LE or BE, or one of the
   * Encoding standard's single-byte encodings: `iso-8859-1`, `windows-1251`, `koi8-r`, …; a character the
   * encoding lacks becomes `?`) and declared so: `Content-Type: …; charset=<label>`, `label` defaulting to
   * `charset` (any token, e.g. one no client knows). `bom` puts the encoding's byte-order mark first.
   */
  | { kind: 'charset'; charset: string; label?: string; bom?: boolean }
  /**
   * Exactly this status, these header lines (in order, repeats allowed) and these body bytes, for fuzzing;
   * nothing is added but framing (`Content-Length` when none is given). Header names or values Node
   * refuses to write destroy the socket instead of failing the server.
   */
  | {
      kind: 'raw';
      status: number;
      headers?: readonly (readonly [name: string, value: string])[];
      body?: Uint8Array | string;
    };

/** Tells a running server which requests to fault. */
export interface FaultController {
  /**
   * Faults requests whose path starts with `route` (a string) or matches it (a RegExp). With `times`,
   * only the next `times` matching requests are faulted. Setting the same route again replaces its fault;
   * when several routes match, the one set last wins.
   */
  set(route: string | RegExp, fault: Fault, options?: { times?: number }): void;
  /** Removes every fault. */
  clear(): void;
}
