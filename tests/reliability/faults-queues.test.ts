import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDED_REGISTER_FILE } from '../../src/replay/registry-data.js';
import { clientShare } from '../../src/upstream/policy.js';
import { settle, startLiveHarness, type Harness } from '../helpers.js';
import { until } from '../eventually.js';
import { assertInvariants, type Observed } from './invariants.js';
import { codesOf, recordCase } from './report.js';

/**
 * docs/reliability.md §12b rows 28 (one client flooding a shared upstream queue) and 29 (a long
 * `Retry-After` empties the queue), through the whole gateway over loopback HTTP at the register's
 * default policy: 2 calls in flight, 64 waiting, 1 call a second, a 15 s operation budget. Clients are
 * told apart by their address, so each one here connects from its own loopback address. Every count
 * comes from the replay server's request log; no duration is asserted.
 */

const ATTACKER = '127.0.0.2';
const VICTIM = '127.0.0.3';
const LATECOMER = '127.0.0.4';

/** Register numbers the replay serves a per-entity page for, in the extract's order. */
const NUMBERS = [
  ...new Set(
    gunzipSync(readFileSync(EMBEDDED_REGISTER_FILE))
      .toString('utf8')
      .split('\n')
      .map((line) => line.split('|')[2]?.trim() ?? '')
      .filter((n) => /^\d{7}$/.test(n)),
  ),
];

/** One query revalidating each number against the per-entity page: one upstream call per number. */
const lookups = (numbers: readonly string[]) =>
  `{ ${numbers
    .map(
      (
        n,
        i,
      ) => `r${i}: organization(registerNumber: "${n}") { registry(revalidate: true) { registerNumber name
        freshness { source ageSeconds maxAgeSeconds stale staleReason cache } } }`,
    )
    .join(' ')} }`;

/** POSTs `query` from the loopback address `from`; `leave` aborts it (the client disconnects). */
function postFrom(h: Harness, from: string, query: string, leave?: AbortSignal): Promise<Observed> {
  const url = new URL(`${h.gateway.url}/graphql`);
  const started = performance.now();
  return new Promise((resolve) => {
    const lost = (): void => resolve({ status: 0, cacheControl: null, body: null, ms: 0 });
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json' },
        ...(leave === undefined ? {} : { signal: leave }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', lost);
        res.on('end', () => {
          let body: unknown = null;
          try {
            body = JSON.parse(text);
          } catch {
            body = null;
          }
          const cacheControl = res.headers['cache-control'] ?? null;
          resolve({ status: res.statusCode ?? 0, cacheControl, body, ms: performance.now() - started });
        });
      },
    );
    req.on('error', lost);
    req.end(JSON.stringify({ query }));
  });
}

/** The per-entity page requests the replay received, in arrival order. */
const pages = (h: Harness) =>
  h.replay.requests.filter((r) => r.path.startsWith('/registry/lesinfo/')).map((r) => r.path);
const pageOf = (n: string) => `/registry/lesinfo/${n}`;
const queueOf = (h: Harness) => h.gateway.gateway.upstreams.registry.source.health().queue;

/** How each lookup of a response ended: its code, or `served`. */
function outcomes(o: Observed): string[] {
  const failed = new Map<string, string>();
  for (const e of o.body?.errors ?? []) failed.set(String(e.path?.[0]), String(e.extensions?.code));
  return Object.entries(o.body?.data ?? {}).map(([alias, org]: [string, any]) =>
    org?.registry?.name != null ? 'served' : (failed.get(alias) ?? 'missing'),
  );
}

const tally = (all: readonly string[]) =>
  all.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Six requests of 15 lookups from one client: 90 calls for a queue of 64 at one call a second. */
function flood(h: Harness, leave?: AbortSignal): Promise<Observed[]> {
  const attack = NUMBERS.slice(0, 90);
  return Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      postFrom(h, ATTACKER, lookups(attack.slice(i * 15, i * 15 + 15)), leave),
    ),
  );
}

describe('§12b row 28: one client cannot starve a shared upstream queue', () => {
  it('serves another client in its turn, refuses the flood past its share as UPSTREAM_BUSY, and drains when the flood ends', async () => {
    h = await startLiveHarness();
    await settle(h);
    const share = clientShare(h.gateway.config.sources.registry.queue);
    expect(share).toBe(32);
    const attacking = flood(h);
    await until(() => queueOf(h!).waiting === share, { what: "the attacker's share of the queue to fill" });

    // The victim's one call is started within two turns, not after the attacker's 32.
    const seen = pages(h).length;
    const victimNumber = NUMBERS[100]!;
    const victim = await postFrom(h, VICTIM, lookups([victimNumber]));
    assertInvariants(h, victim);
    expect(victim.body.errors).toBeUndefined();
    expect(victim.body.data.r0.registry).toMatchObject({
      registerNumber: victimNumber,
      freshness: { source: 'REGISTRY', cache: 'MISS', stale: false },
    });
    expect(pages(h).slice(seen).indexOf(pageOf(victimNumber))).toBeGreaterThanOrEqual(0);
    expect(pages(h).slice(seen).indexOf(pageOf(victimNumber))).toBeLessThanOrEqual(2);
    recordCase({
      table: '12b',
      row: 28,
      case: 'another client during a flood of 6 × 15 revalidations: served in its turn',
      status: victim.status,
      codes: codesOf(victim.body),
      upstreamCalls: 1,
      freshness: 'MISS / —',
      lost: false,
    });

    // The flood ends with its own budget: every lookup served, refused as UPSTREAM_BUSY, or still
    // waiting when the budget ran out; never UPSTREAM_INVALID or UPSTREAM_UNAVAILABLE.
    const attack = await attacking;
    for (const o of attack) assertInvariants(h, o);
    const counts = tally(attack.flatMap(outcomes));
    expect(Object.keys(counts).sort()).toEqual(
      Object.keys(counts)
        .filter((k) => ['served', 'UPSTREAM_BUSY', 'UPSTREAM_TIMEOUT'].includes(k))
        .sort(),
    );
    const busy = counts['UPSTREAM_BUSY'] ?? 0;
    expect((counts['served'] ?? 0) + busy + (counts['UPSTREAM_TIMEOUT'] ?? 0)).toBe(90);
    expect(busy).toBeGreaterThan(0);
    // Whatever was not refused reached the upstream or was still in the attacker's lane, which never
    // held more than its share.
    const attackerPages = pages(h).filter((p) => p !== pageOf(victimNumber)).length;
    expect(90 - busy).toBeLessThanOrEqual(attackerPages + share);
    const refused = attack
      .flatMap((o) => o.body.errors ?? [])
      .find((e: any) => e.extensions.code === 'UPSTREAM_BUSY');
    expect(refused).toMatchObject({
      message: `This client already has ${share} calls waiting for the legal-entity registry upstream; try again once they are answered.`,
      extensions: { code: 'UPSTREAM_BUSY', source: 'REGISTRY' },
    });
    // A full queue is the gateway's own limit, not a failure of the register.
    expect(h.gateway.gateway.upstreams.registry.source.health()).toMatchObject({
      lastErrorCode: null,
      breaker: 'closed',
    });
    recordCase({
      table: '12b',
      row: 28,
      case: `the flood itself (90 lookups, 15 s budget): ${busy} refused past its share of ${share}`,
      status: 200,
      codes: [...new Set(attack.flatMap((o) => codesOf(o.body)))].sort(),
      upstreamCalls: attackerPages,
      freshness: '—',
      lost: attack.some((o) => o.status === 0),
    });

    // The calls of requests that are gone left the queue: a latecomer's call is the next to go out.
    await until(() => queueOf(h!).waiting === 0 && queueOf(h!).inFlight === 0, {
      what: 'the queue to drain',
    });
    const before = pages(h).length;
    const lateNumber = NUMBERS[101]!;
    const late = await postFrom(h, LATECOMER, lookups([lateNumber]));
    assertInvariants(h, late);
    expect(late.body.errors).toBeUndefined();
    expect(late.body.data.r0.registry.freshness.cache).toBe('MISS');
    expect(pages(h).slice(before)).toEqual([pageOf(lateNumber)]);
    recordCase({
      table: '12b',
      row: 28,
      case: 'a client after the flood ended: the queue has drained, its call is the only one sent',
      status: late.status,
      codes: codesOf(late.body),
      upstreamCalls: pages(h).length - before,
      freshness: 'MISS / —',
      lost: false,
    });
  });

  it('takes the calls of a client that disconnects out of the queue: none of them reaches the upstream', async () => {
    h = await startLiveHarness();
    await settle(h);
    const share = clientShare(h.gateway.config.sources.registry.queue);
    const leave = new AbortController();
    const attacking = flood(h, leave.signal);
    await until(() => queueOf(h!).waiting === share, { what: "the attacker's share of the queue to fill" });
    leave.abort();
    // A request whose every call was refused past the client's share (or served) may have been answered
    // before the abort; none was answered anything else.
    for (const o of await attacking) {
      if (o.status !== 0) expect(codesOf(o.body).every((c) => c === 'UPSTREAM_BUSY')).toBe(true);
    }
    await until(() => queueOf(h!).waiting === 0 && queueOf(h!).inFlight === 0, {
      what: 'the queue to drain',
    });
    const before = pages(h).length;
    const lateNumber = NUMBERS[102]!;
    const late = await postFrom(h, VICTIM, lookups([lateNumber]));
    assertInvariants(h, late);
    expect(late.body.errors).toBeUndefined();
    expect(pages(h).slice(before)).toEqual([pageOf(lateNumber)]);
    // Far fewer calls went out than the attacker had queued: the rest left with their requests.
    expect(before).toBeLessThan(share);
    recordCase({
      table: '12b',
      row: 28,
      case: 'the flooding client disconnects: its waiting calls leave the queue unsent',
      status: late.status,
      codes: codesOf(late.body),
      upstreamCalls: pages(h).length - before,
      freshness: 'MISS / —',
      lost: false,
    });
  });
});

describe('§12b row 29: a long Retry-After stops the calls already queued', () => {
  it('refuses every waiting call at once as RATE_LIMITED, serves held values as FALLBACK, and sends nothing more', async () => {
    h = await startLiveHarness();
    await settle(h);
    // Two pages seen before: held values within their stale-if-error window.
    const [held1, held2] = [NUMBERS[200]!, NUMBERS[201]!];
    const warm = await postFrom(h, VICTIM, lookups([held1, held2]));
    expect(warm.body.errors).toBeUndefined();
    const before = pages(h).length;

    h.replay.faults.set('/registry/lesinfo/', { kind: 'retryAfter', retryAfter: '3600' });
    const cold = NUMBERS.slice(210, 230);
    const [coldAnswers, heldAnswer] = await Promise.all([
      Promise.all(cold.map((n) => postFrom(h!, VICTIM, lookups([n])))),
      postFrom(h, VICTIM, lookups([held1, held2])),
    ]);

    // At most the calls already in flight when the 429 arrived reached the upstream (2 in flight at most,
    // started a second apart); every one of them was answered 429, so none went out after it.
    const sent = h.replay.requests.filter((r) => r.path.startsWith('/registry/lesinfo/')).slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThanOrEqual(h.gateway.config.sources.registry.concurrency);
    expect(sent.every((r) => r.status === 429)).toBe(true);

    for (const o of coldAnswers) {
      assertInvariants(h, o);
      expect(o.body.data.r0.registry).toBeNull();
      expect(o.body.errors).toHaveLength(1);
      const { code, source, retryAfterSeconds } = o.body.errors[0].extensions;
      expect({ code, source }).toEqual({ code: 'RATE_LIMITED', source: 'REGISTRY' });
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(3590);
      expect(retryAfterSeconds).toBeLessThanOrEqual(3600);
    }
    // Served within its lifetime but as a fallback (a revalidation asks on every call): stale, and not
    // to be cached by anyone.
    expect(heldAnswer.status).toBe(200);
    expect(heldAnswer.cacheControl).toBe('no-store');
    expect(heldAnswer.body.errors).toBeUndefined();
    for (const alias of ['r0', 'r1']) {
      expect(heldAnswer.body.data[alias].registry.freshness).toMatchObject({
        cache: 'FALLBACK',
        staleReason: 'RATE_LIMITED',
        stale: true,
      });
    }
    recordCase({
      table: '12b',
      row: 29,
      case: '20 cold lookups and 2 held ones queued when a 429 with Retry-After: 3600 arrives',
      status: 200,
      codes: [...new Set(coldAnswers.flatMap((o) => codesOf(o.body)))],
      upstreamCalls: sent.length,
      freshness: 'FALLBACK / RATE_LIMITED',
      lost: [...coldAnswers, heldAnswer].some((o) => o.status === 0),
    });

    // During the cool-down nothing reaches the upstream, whoever asks.
    const again = await postFrom(h, LATECOMER, lookups([NUMBERS[231]!]));
    assertInvariants(h, again);
    expect(again.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(pages(h).length - before).toBe(sent.length);
    expect(queueOf(h)).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
    recordCase({
      table: '12b',
      row: 29,
      case: 'another client during the cool-down: RATE_LIMITED, no upstream call',
      status: again.status,
      codes: codesOf(again.body),
      upstreamCalls: 0,
      freshness: '—',
      lost: false,
    });
  });
});
