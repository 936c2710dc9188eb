/**
 * Fault registry: which requests to break, and how many times. Faults are looked up per request path
 * before anything else happens, so a test's explicit fault always applies (it also bypasses the rate limit).
 */
import type { ReplayResponse } from './http.js';
import { writableEncoding } from './charset.js';
import { errorResponse } from './http.js';
import type { DriftVariant, Fault, FaultController } from './types.js';

interface Rule {
  readonly key: string;
  readonly matches: (path: string) => boolean;
  readonly fault: Fault;
  /** Requests left to fault; `undefined` means until cleared. */
  remaining: number | undefined;
}

const DRIFT_VARIANTS: readonly DriftVariant[] = [
  'number-as-string',
  'missing-required',
  'object-instead-of-array',
  'renamed-field',
  'wrong-type',
];

/** For exhaustive switches over closed unions: a compile error when a case is missing. */
export function unreachable(value: never): never {
  throw new Error(`Unreachable case: ${JSON.stringify(value)}`);
}

function nonNegative(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${what} must be a finite number of milliseconds >= 0, but got ${String(value)}.`);
  }
}

/** Checks a fault's numbers once, when it is set, so a typo fails the test that made it. */
export function validateFault(fault: Fault): void {
  switch (fault.kind) {
    case 'delay':
      nonNegative(fault.ms, 'A delay fault\'s "ms"');
      return;
    case 'drip':
      nonNegative(fault.intervalMs, 'A drip fault\'s "intervalMs"');
      if (
        fault.bytesPerChunk !== undefined &&
        (!Number.isInteger(fault.bytesPerChunk) || fault.bytesPerChunk < 1)
      ) {
        throw new Error(
          `A drip fault's "bytesPerChunk" must be a positive integer, but got ${fault.bytesPerChunk}.`,
        );
      }
      return;
    case 'status':
      if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) {
        throw new Error(
          `A status fault's "status" must be an integer from 200 to 599, but got ${fault.status}.`,
        );
      }
      return;
    case 'retryAfter':
      if (typeof fault.retryAfter !== 'string') {
        throw new Error('A retryAfter fault\'s "retryAfter" must be the header value as a string.');
      }
      return;
    case 'drift':
      if (!DRIFT_VARIANTS.includes(fault.variant)) {
        throw new Error(
          `A drift fault's "variant" must be one of ${DRIFT_VARIANTS.join(', ')}, but got ${String(fault.variant)}.`,
        );
      }
      return;
    case 'malformed':
    case 'truncate':
    case 'reset':
    case 'html':
      return;
    case 'huge':
      if (fault.bytes !== undefined && (!Number.isSafeInteger(fault.bytes) || fault.bytes < MIN_HUGE_BYTES)) {
        throw new Error(
          `A huge fault's "bytes" must be an integer of at least ${MIN_HUGE_BYTES}, but got ${fault.bytes}.`,
        );
      }
      return;
    case 'redirect':
      if (fault.status !== undefined && !REDIRECT_STATUSES.includes(fault.status)) {
        throw new Error(
          `A redirect fault's "status" must be one of ${REDIRECT_STATUSES.join(', ')}, but got ${String(fault.status)}.`,
        );
      }
      if (fault.location !== undefined && !isHeaderValue(fault.location, true)) {
        throw new Error(
          'A redirect fault\'s "location" must be a non-empty header value (no control characters).',
        );
      }
      return;
    case 'cacheControl':
      if (!isHeaderValue(fault.value, true)) {
        throw new Error(
          'A cacheControl fault\'s "value" must be a non-empty header value (no control characters).',
        );
      }
      return;
    case 'dateSkew':
      if (
        typeof fault.ms !== 'number' ||
        !Number.isFinite(fault.ms) ||
        Math.abs(fault.ms) > MAX_DATE_SKEW_MS
      ) {
        throw new Error(
          `A dateSkew fault's "ms" must be a finite number of milliseconds within ±${MAX_DATE_SKEW_MS}, but got ${String(fault.ms)}.`,
        );
      }
      return;
    case 'raw':
      validateRaw(fault);
      return;
    case 'charset':
      if (typeof fault.charset !== 'string' || writableEncoding(fault.charset) === null) {
        throw new Error(
          `A charset fault's "charset" must be UTF-8, UTF-16 or a single-byte encoding, but got ${JSON.stringify(fault.charset)}.`,
        );
      }
      if (fault.label !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(fault.label)) {
        throw new Error('A charset fault\'s "label" must be a token (RFC 9110 §5.6.2).');
      }
      return;
    default:
      unreachable(fault);
  }
}

/** Redirect statuses a `redirect` fault may answer with. */
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

/** Size of a `huge` fault's body when the fault does not say: 50 MiB (docs/reliability.md §12b row 13). */
export const DEFAULT_HUGE_BYTES = 50 * 1024 * 1024;

/** The smallest `huge` body: the JSON frame `{"padding":""}` around the filler. */
const MIN_HUGE_BYTES = 14;

/** A `Date` skew beyond ten years is a typo, not clock drift. */
const MAX_DATE_SKEW_MS = 10 * 365 * 24 * 3600 * 1000;

/** Control characters Node refuses in a header value (tab is allowed; RFC 9110 §5.5). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** A string Node writes as a header value: visible ASCII, spaces and tabs, obs-text. */
function isHeaderValue(value: unknown, nonEmpty: boolean): boolean {
  return typeof value === 'string' && (!nonEmpty || value.trim() !== '') && !CONTROL.test(value);
}

/**
 * Checks a `raw` fault's shape only. Its status must be one Node can write with a final response (1xx are
 * interim responses: a client would wait on for the real one); names and values are deliberately not
 * checked, since invalid ones are what fuzzing is for.
 */
function validateRaw(fault: Extract<Fault, { kind: 'raw' }>): void {
  if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 999) {
    throw new Error(`A raw fault's "status" must be an integer from 200 to 999, but got ${fault.status}.`);
  }
  const pairs: unknown = fault.headers;
  if (
    pairs !== undefined &&
    (!Array.isArray(pairs) ||
      !pairs.every(
        (pair) =>
          Array.isArray(pair) &&
          pair.length === 2 &&
          typeof pair[0] === 'string' &&
          typeof pair[1] === 'string',
      ))
  ) {
    throw new Error('A raw fault\'s "headers" must be a list of [name, value] string pairs.');
  }
  if (fault.body !== undefined && typeof fault.body !== 'string' && !(fault.body instanceof Uint8Array)) {
    throw new Error('A raw fault\'s "body" must be a string or a Uint8Array.');
  }
}

function ruleFor(route: string | RegExp): Pick<Rule, 'key' | 'matches'> {
  if (typeof route === 'string') {
    if (!route.startsWith('/')) {
      throw new Error(
        `A fault route must be a path prefix starting with "/" or a RegExp, but got "${route}".`,
      );
    }
    return { key: `prefix:${route}`, matches: (path) => path.startsWith(route) };
  }
  // A copy without the g/y flags: those make `test` stateful through `lastIndex`.
  const regex = new RegExp(route.source, route.flags.replace(/[gy]/g, ''));
  return { key: `regex:${String(route)}`, matches: (path) => regex.test(path) };
}

/** The server's fault registry; tests reach it as `server.faults`. */
export class FaultRegistry implements FaultController {
  private rules: Rule[] = [];

  set(route: string | RegExp, fault: Fault, options?: { times?: number }): void {
    validateFault(fault);
    const times = options?.times;
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
      throw new Error(`A fault's "times" must be a positive integer, but got ${times}.`);
    }
    const rule = ruleFor(route);
    this.rules = this.rules.filter((r) => r.key !== rule.key);
    this.rules.push({ ...rule, fault, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for a request to `path`, counting it against `times`; the rule set last wins. */
  take(path: string): Fault | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i];
      if (rule === undefined || !rule.matches(path)) continue;
      if (rule.remaining !== undefined && --rule.remaining <= 0) this.rules.splice(i, 1);
      return rule.fault;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Canned responses of the faults that replace the real answer

/** Bytes per chunk of a drip fault when the fault does not say. */
export const DEFAULT_DRIP_BYTES = 16;

/** The answer of a `status` fault: the given body (JSON if it parses, text otherwise) or a JSON error. */
export function statusFaultResponse(fault: Extract<Fault, { kind: 'status' }>): ReplayResponse {
  const headers = fault.headers ?? {};
  if (fault.body === undefined) {
    return errorResponse(fault.status, `Injected fault: the upstream answered ${fault.status}.`, headers);
  }
  let isJson = true;
  try {
    JSON.parse(fault.body);
  } catch {
    isJson = false;
  }
  const contentType = isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  return { status: fault.status, body: { type: 'text', contentType, text: fault.body }, headers };
}

/** The answer of a `retryAfter` fault; the header value is sent verbatim, malformed or not. */
export function retryAfterFaultResponse(fault: Extract<Fault, { kind: 'retryAfter' }>): ReplayResponse {
  const status = fault.status ?? 429;
  return errorResponse(
    status,
    `Injected fault: ${status} with Retry-After ${JSON.stringify(fault.retryAfter)}.`,
    {
      'Retry-After': fault.retryAfter,
    },
  );
}

/** 200 `application/json` that no JSON parser accepts (single quotes, NaN, a trailing comma). */
export function malformedFaultResponse(): ReplayResponse {
  return {
    status: 200,
    body: {
      type: 'text',
      contentType: 'application/json; charset=utf-8',
      text: `{"version": "1.1", "releases": [{"ocid": 'ocds-broken', "date": NaN,}]`,
    },
  };
}

/**
 * The answer of a `redirect` fault: its status with `Location` set to the fault's target, or to `selfUrl`
 * (the request's own URL: a loop). The body is a short JSON error, as a real server would send.
 */
export function redirectFaultResponse(
  fault: Extract<Fault, { kind: 'redirect' }>,
  selfUrl: string,
): ReplayResponse {
  const status = fault.status ?? 302;
  return errorResponse(status, `Injected fault: a ${status} redirect.`, {
    Location: fault.location ?? selfUrl,
  });
}

/** 200 `text/html`, like the challenge page a web application firewall puts in front of an API. */
export function htmlFaultResponse(): ReplayResponse {
  const text =
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title></head>\n' +
    '<body><h1>Checking your browser before accessing the site.</h1>\n' +
    '<noscript>Enable JavaScript and cookies to continue.</noscript></body></html>\n';
  return { status: 200, body: { type: 'text', contentType: 'text/html; charset=utf-8', text } };
}
