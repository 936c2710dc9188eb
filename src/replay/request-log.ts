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

/** Every request the server received, in arrival order, faulted ones included. */
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
    return entry;
  }

  /** A copy, so callers see the log as it was when they asked. */
  snapshot(): readonly RequestLogEntry[] {
    return this.entries.map((e) => Object.freeze({ ...e }));
  }

  count(filter?: { pathPrefix?: string; method?: string }): number {
    const method = filter?.method?.toUpperCase();
    const prefix = filter?.pathPrefix;
    return this.entries.filter(
      (e) =>
        (method === undefined || e.method === method) && (prefix === undefined || e.path.startsWith(prefix)),
    ).length;
  }

  clear(): void {
    this.entries = [];
  }
}
