import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.js';
import type { Fault } from '../../src/replay/index.js';
import { settle, startLiveHarness, type Harness } from '../helpers.js';
import { codesOf, recordRun } from './report.js';

/**
 * A bounded load run on loopback: autocannon sends a fixed number of `contractingProcess(ocid:)`
 * queries over every ocid of the embedded data while the replay server delays, fails (503) and resets
 * part of the procurement traffic. The gateway must answer every request with a well-formed 200, keep
 * its memory bounded, and never have more procurement requests in flight upstream than its bulkhead
 * allows, as the replay server itself measures.
 */
const CONCURRENCY = 4;
const QUEUE = 64;
const AMOUNT = 3000;
const CONNECTIONS = 32;
const RSS_GROWTH_LIMIT_MB = 200;

const ENV = {
  PROCUREMENT_CONCURRENCY: String(CONCURRENCY),
  PROCUREMENT_QUEUE: String(QUEUE),
  // Values expire after a second and are not served stale while refreshing: upstream calls go on all run.
  PROCUREMENT_MAX_AGE_SECONDS: '1',
  PROCUREMENT_SWR_SECONDS: '0',
  // Per-attempt timeouts far above the injected delays (≤ 200 ms) and above what a gateway busy with 32
  // connections on a loaded machine takes to read a healthy answer: this run is about answers and
  // concurrency, and no timeout may fire in it.
  UPSTREAM_HEADERS_TIMEOUT_MS: '10000',
  UPSTREAM_BODY_TIMEOUT_MS: '10000',
  UPSTREAM_ATTEMPT_DEADLINE_MS: '15000',
};

/**
 * Faults on `/ocds/records/{ocid}` by the ocid's last digits: a tenth of the ocids answers 503, a tenth
 * resets, a twentieth is delayed; the rest (75 %) is served normally. Delaying more would only make the
 * run longer: every delayed call holds one of the few upstream slots.
 */
const FAULTS: readonly { pattern: string; fault: Fault; label: string }[] = [
  { pattern: '0', fault: { kind: 'status', status: 503 }, label: '503 (…0)' },
  { pattern: '1', fault: { kind: 'reset' }, label: 'reset (…1)' },
  { pattern: '[01]2', fault: { kind: 'delay', ms: 50 }, label: 'delay 50 ms (…02, …12)' },
  { pattern: '[23]2', fault: { kind: 'delay', ms: 100 }, label: 'delay 100 ms (…22, …32)' },
  { pattern: '42', fault: { kind: 'delay', ms: 200 }, label: 'delay 200 ms (…42)' },
];
/** Ocids whose every upstream request fails: they can only be answered with an error. */
const FAILING_DIGITS = new Set(['0', '1']);
const FAILING_CODES = new Set<string>([ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.CIRCUIT_OPEN]);
/** An upstream in good health may still be refused while the breaker is open. */
const HEALTHY_CODES = new Set<string>([ErrorCode.CIRCUIT_OPEN]);
const ENUM_CODES = new Set<string>(Object.values(ErrorCode));

const QUERY = `query Load($ocid: String!) {
  contractingProcess(ocid: $ocid) {
    ocid
    tender { title value { amount currency } }
    awards { suppliers { name } }
    freshness { source cache stale }
  }
}`;

interface LoadBody {
  data?: { contractingProcess: { ocid: string } | null } | null;
  errors?: { message?: unknown; path?: unknown; extensions?: { code?: unknown } }[];
}

/** Every ocid the replay server lists, read from it directly (not through the gateway). */
async function embeddedOcids(baseUrl: string): Promise<string[]> {
  const seen = new Set<string>();
  let next: string | undefined = `${baseUrl}/ocds/releases?limit=500`;
  while (next !== undefined) {
    const res = await fetch(next);
    const page = (await res.json()) as { releases: { ocid: string }[]; links?: { next?: string } };
    for (const release of page.releases) seen.add(release.ocid);
    next = page.links?.next;
  }
  return [...seen].sort();
}

/** What one response was: why it is not a well-formed answer (`null` when it is), and its error codes. */
interface Verdict {
  readonly problem: string | null;
  readonly codes: readonly string[];
}

/**
 * Checks one response to the query for `ocid`: a 200 with JSON `data`; codes from our enum and only
 * those the ocid's fault allows; no message naming the upstream; the process itself for a healthy ocid
 * (or `null` with an error at its path while the breaker refuses), `null` with an error for a failing one.
 */
function verdictOf(status: number, text: string, ocid: string, upstreamHost: string): Verdict {
  const bad = (problem: string, codes: readonly string[] = []): Verdict => ({ problem, codes });
  if (status !== 200) return bad(`HTTP ${status}`);
  let body: LoadBody;
  try {
    body = JSON.parse(text) as LoadBody;
  } catch {
    return bad('a body that is not JSON');
  }
  if (typeof body !== 'object' || body === null || typeof body.data !== 'object' || body.data === null)
    return bad('no data');
  const errors = body.errors ?? [];
  if (!Array.isArray(errors)) return bad('errors that are not a list');
  const codes = codesOf(body);
  const unknown = codes.filter((c) => !ENUM_CODES.has(c));
  if (unknown.length > 0) return bad(`codes outside the enum: ${unknown.join(', ')}`, codes);
  const failing = FAILING_DIGITS.has(ocid.slice(-1));
  const allowed = failing ? FAILING_CODES : HEALTHY_CODES;
  const unexpected = codes.filter((c) => !allowed.has(c));
  if (unexpected.length > 0) return bad(`codes ${unexpected.join(', ')} for ${ocid}`, codes);
  for (const e of errors) {
    if (typeof e.message !== 'string') return bad('an error without a message', codes);
    if (e.message.includes(upstreamHost)) return bad('an error message naming the upstream', codes);
  }
  const process = body.data.contractingProcess;
  if (process === null) {
    const atPath = errors.some((e) => Array.isArray(e.path) && e.path[0] === 'contractingProcess');
    return atPath ? { problem: null, codes } : bad('a null process without an error at its path', codes);
  }
  if (failing) return bad(`a process for ${ocid}, whose upstream always fails`, codes);
  if (process.ocid !== ocid) return bad(`the process ${String(process.ocid)} for ${ocid}`, codes);
  return errors.length === 0 ? { problem: null, codes } : bad('a process and an error', codes);
}

const mb = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;

let h: Harness;
let ocids: string[];

beforeAll(async () => {
  h = await startLiveHarness(ENV); // lookups read live: the faults below must reach them
  ocids = await embeddedOcids(h.replay.url);
  for (const { pattern, fault } of FAULTS)
    h.replay.faults.set(new RegExp(`^/ocds/records/[^/]*${pattern}$`), fault);
  // Warm-up: every source loaded (the register extract above all), so that the baseline includes them.
  await settle(h); // ready, but for the OCDS harvest this gateway does not run

  for (const ocid of ocids.slice(0, 20)) expect((await h.query(QUERY, { ocid })).status).toBe(200);
});
afterAll(async () => {
  await h.close();
});

describe('load with upstream faults', () => {
  it(`answers ${AMOUNT} queries from ${CONNECTIONS} connections with well-formed 200s, bounded memory and at most ${CONCURRENCY} upstream requests at once`, async () => {
    expect(ocids.length).toBeGreaterThan(100);
    const upstreamHost = new URL(h.replay.url).host;
    h.replay.clearLog();
    h.replay.resetPeak();

    let sent = 0;
    let answered = 0;
    const problems = new Map<string, number>();
    const codeCounts = new Map<string, number>();
    let breakerOpened = false;
    const breakerState = (): string =>
      h.gateway.gateway.sources().find((s) => s.name === 'PROCUREMENT')?.breaker ?? 'unknown';

    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      if (breakerState() !== 'closed') breakerOpened = true;
    }, 50);

    const started = performance.now();
    let result: autocannon.Result;
    try {
      result = await new Promise<autocannon.Result>((resolve, reject) => {
        autocannon(
          {
            url: `${h.gateway.url}/graphql`,
            amount: AMOUNT,
            connections: CONNECTIONS,
            // Seconds; a hang guard only (the test's timeout is the other), far above any answer's time.
            timeout: 60,
            requests: [
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                // A stride coprime with nearly any count walks the ocids in a scattered order.
                setupRequest: (req, context) => {
                  const ocid = ocids[(sent++ * 7919) % ocids.length] ?? '';
                  (context as { ocid?: string }).ocid = ocid;
                  return { ...req, body: JSON.stringify({ query: QUERY, variables: { ocid } }) };
                },
                onResponse: (status, body, context) => {
                  answered++;
                  const ocid = (context as { ocid?: string }).ocid ?? '';
                  const verdict = verdictOf(status, body, ocid, upstreamHost);
                  for (const code of verdict.codes) codeCounts.set(code, (codeCounts.get(code) ?? 0) + 1);
                  if (verdict.problem !== null)
                    problems.set(verdict.problem, (problems.get(verdict.problem) ?? 0) + 1);
                },
              },
            ],
          },
          (error, done) => {
            if (error) reject(error instanceof Error ? error : new Error(String(error)));
            else resolve(done);
          },
        );
      });
    } finally {
      clearInterval(sampler);
    }
    const seconds = Math.round(performance.now() - started) / 1000;
    const rssAfter = process.memoryUsage().rss;
    rssMax = Math.max(rssMax, rssAfter);
    const growthMb = mb(rssMax - rssBefore);
    const peak = h.replay.peakInFlight({ pathPrefix: '/ocds' });
    const upstreamCalls = h.replay.countRequests({ pathPrefix: '/ocds/records/' });
    const delayed = FAULTS.filter((f) => f.fault.kind === 'delay').map(
      (f) => new RegExp(`^/ocds/records/[^/]*${f.pattern}$`),
    );
    const delayedServed = h.replay.requests.filter(
      (e) => e.status === 200 && delayed.some((route) => route.test(e.path)),
    ).length;
    const wellFormed = answered - [...problems.values()].reduce((a, b) => a + b, 0);
    const codes = [...codeCounts].map(([code, n]) => `${code} ×${n}`).join(', ') || 'none';

    expect(Object.fromEntries(problems)).toEqual({});
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(answered).toBe(AMOUNT);
    expect(wellFormed).toBe(AMOUNT);
    // The faults were met: failing ocids were answered with errors, delayed ones were waited for.
    expect(codeCounts.get(ErrorCode.UPSTREAM_UNAVAILABLE) ?? 0).toBeGreaterThan(0);
    expect(delayedServed).toBeGreaterThan(0);
    expect(upstreamCalls).toBeGreaterThanOrEqual(ocids.length);
    // The bulkhead was filled (more than one request at once) and never exceeded.
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(CONCURRENCY);
    expect(growthMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);

    // Still answering once the load is over.
    const healthy = ocids.find((o) => o.endsWith('9')) ?? '';
    const after = await h.query(QUERY, { ocid: healthy });
    expect(verdictOf(after.status, JSON.stringify(after.body), healthy, upstreamHost).problem).toBeNull();

    recordRun({
      kind: 'load',
      name: `${AMOUNT} contractingProcess queries, ${CONNECTIONS} connections, upstream faults`,
      tried: AMOUNT,
      lost: AMOUNT - wellFormed,
      detail:
        `faults on /ocds/records by ocid: ${FAULTS.map((f) => f.label).join(', ')}; ` +
        `peak upstream in-flight ${peak} of ${CONCURRENCY}; RSS growth ${growthMb} MB; ` +
        `${upstreamCalls} upstream record requests; error codes: ${codes}; ` +
        `breaker ${breakerOpened ? 'opened' : 'stayed closed'}; ${seconds} s`,
    });
  });
});
