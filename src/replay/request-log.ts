import type { IncomingHttpHeaders } from 'node:http';
import type { RequestLogEntry } from './types.js';

/** A log entry whose status is filled in when the response starts. */
export interface MutableLogEntry extends Omit<RequestLogEntry, 'status'> {
  status: number;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * How many requests the log (and the in-flight tracker) remember at least. Past twice this, the oldest
 * half is forgotten, so an embedded replay server that runs for days holds bounded memory; tests read
 * counts long before that.
 */
export const LOG_CAPACITY = 10_000;

/** Every request the server received (the most recent `LOG_CAPACITY` at least), faulted ones included. */
export class RequestLog {
  private entries: MutableLogEntry[] = [];

  /** Logs a request on arrival; its status stays 0 until a response starts. */
  start(method: string, path: string, query: string, headers: IncomingHttpHeaders): MutableLogEntry {
    const entry: MutableLogEntry = {
      method,
      path,
      query,
      status: 0,
      at: Date.now(),
      headers: flattenHeaders(headers),
    };
    this.entries.push(entry);
    if (this.entries.length >= 2 * LOG_CAPACITY) this.entries = this.entries.slice(-LOG_CAPACITY);
    return entry;
  }

  /** A copy, so callers see the log as it was when they asked. */
  snapshot(): readonly RequestLogEntry[] {
    return this.entries.map((e) => Object.freeze({ ...e }));
  }

  /**
   * Requests held, optionally only those of a method and a path prefix. Without a filter this is the
   * length of the log (constant time); a filter walks the log once, which is bounded by its capacity.
   */
  count(filter?: { pathPrefix?: string; method?: string }): number {
    const method = filter?.method?.toUpperCase();
    const prefix = filter?.pathPrefix;
    if (method === undefined && prefix === undefined) return this.entries.length;
    let n = 0;
    for (const e of this.entries) {
      if (
        (method === undefined || e.method === method) &&
        (prefix === undefined || e.path.startsWith(prefix))
      )
        n++;
    }
    return n;
  }

  clear(): void {
    this.entries = [];
  }
}

/** One request's stay on the server, in tracker ticks; `end` is undefined while it is in flight. */
interface Span {
  readonly path: string;
  readonly start: number;
  end: number | undefined;
}

/**
 * How many requests the server is handling at once, and the most it handled at once since the last
 * `resetPeak()`: overall or for the paths that start with a prefix. A request is in flight from its
 * arrival until its response has been handed to the socket or its socket closed, faulted ones included
 * (a delay or a drip keeps it in flight; a reset ends it at once).
 *
 * Time is a counter of arrivals and departures rather than the clock, so that two events in the same
 * millisecond keep their order. Spans are kept until `resetPeak()` (like the log until `clearLog()`,
 * and like it, the most recent `LOG_CAPACITY` at least), so that the peak of any prefix can be computed
 * after the fact.
 */
export class InFlightTracker {
  private tick = 0;
  /** Tick of the last reset: spans still open then count from there. */
  private since = 0;
  private spans: Span[] = [];

  /** Notes an arrival; the returned function notes the departure and may be called any number of times. */
  begin(path: string): () => void {
    const span: Span = { path, start: ++this.tick, end: undefined };
    this.spans.push(span);
    if (this.spans.length >= 2 * LOG_CAPACITY) {
      // Forget the oldest finished spans (their part of the peak with them); open ones always stay.
      const open = this.spans.filter((s) => s.end === undefined);
      const recent = this.spans.slice(-LOG_CAPACITY).filter((s) => s.end !== undefined);
      this.spans = [...open, ...recent].sort((a, b) => a.start - b.start);
    }
    return () => {
      span.end ??= ++this.tick;
    };
  }

  /** Requests in flight now. */
  current(filter?: { pathPrefix?: string }): number {
    return this.matching(filter).filter((s) => s.end === undefined).length;
  }

  /** The most requests in flight at once since the last reset (those in flight at the reset included). */
  peak(filter?: { pathPrefix?: string }): number {
    const events: [tick: number, delta: number][] = [];
    for (const span of this.matching(filter)) {
      events.push([Math.max(span.start, this.since), 1]);
      if (span.end !== undefined) events.push([span.end, -1]);
    }
    // Spans that ended before the reset are gone. Ticks are distinct except the starts clamped to `since`,
    // which all add: the order within a tick is moot.
    events.sort((a, b) => a[0] - b[0]);
    let level = 0;
    let peak = 0;
    for (const [, delta] of events) {
      level += delta;
      peak = Math.max(peak, level);
    }
    return peak;
  }

  /** Starts a new peak from the requests in flight now, and forgets the ones that ended. */
  resetPeak(): void {
    this.since = ++this.tick;
    this.spans = this.spans.filter((s) => s.end === undefined);
  }

  private matching(filter: { pathPrefix?: string } | undefined): readonly Span[] {
    const prefix = filter?.pathPrefix;
    return prefix === undefined ? this.spans : this.spans.filter((s) => s.path.startsWith(prefix));
  }
}
