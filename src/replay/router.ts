/**
 * A very small router: one module per upstream family, each owning a path prefix (`/ocds`, later
 * `/registry`, `/eiti`, ...). A module answers everything under its prefix, including its own 404s and 405s,
 * because upstreams differ in which methods they accept (tender.gov.mn's open-data API is POST-only).
 */
import type { ReplayRequest, ReplayResponse } from './http.js';
import { errorResponse, unknownPath } from './http.js';
import type { DriftVariant } from './drift.js';

/** One upstream family served by the replay server. */
export interface RouteModule {
  /** Short name, for messages. */
  readonly name: string;
  /** Path prefix the module owns, without a trailing slash, e.g. `/ocds`. */
  readonly prefix: string;
  /** Answers a request under `prefix`. */
  handle(request: ReplayRequest): ReplayResponse;
  /**
   * Breaks the module's native shape for a `drift` fault, on a copy the module may mutate. Modules without
   * it serve drifted requests unchanged.
   */
  drift?(value: unknown, variant: DriftVariant): unknown;
}

/** The module owning `path`, if any. */
export function moduleFor(modules: readonly RouteModule[], path: string): RouteModule | undefined {
  return modules.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
}

/** Dispatches a request; a module that throws gets a 500 that says so rather than a dead socket. */
export function route(modules: readonly RouteModule[], request: ReplayRequest): ReplayResponse {
  const module = moduleFor(modules, request.path);
  if (module === undefined) return unknownPath(request.path);
  try {
    return module.handle(request);
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    return errorResponse(500, `The replay server's ${module.name} module failed: ${message}`);
  }
}
