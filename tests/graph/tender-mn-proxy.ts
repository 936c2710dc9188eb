/**
 * A loopback HTTP hop between the gateway and the replay server's tender.gov.mn module, for the harvest
 * tests: it records every request with its form (the replay server's log has no request bodies), counts
 * how many are in flight at once by the order of arrivals and answers (never by the clock), and can hold
 * a request until released, fail it, or take a row out of an answer, as an upstream would.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the hop saw it. */
export interface Hop {
  readonly path: string;
  readonly form: URLSearchParams;
  /** Position of its arrival and of its answer in one sequence of events. */
  readonly arrived: number;
  answered: number | null;
}

/** A rule on requests: which ones it applies to. */
type Match = (hop: Hop) => boolean;

export interface TenderMnProxy {
  /** The API root to configure as the source's URL. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly hops: readonly Hop[];
  /** The most requests in flight at once. */
  readonly peak: number;
  /** Holds the next request that matches until `release()`; resolves when it has arrived. */
  hold(match: Match): Promise<Hop>;
  release(): void;
  /** Answers matching requests with `status` (an upstream failure) until cleared. */
  fail(match: Match, status: number): void;
  /** Drops the invitation `invitationId` from every invitation page, its `total` lowered to match. */
  hide(invitationId: number | null): void;
  clear(): void;
  close(): Promise<void>;
}

export const INVITATION = '/tender-mn/api/invitation';
export const BIDDERS = '/tender-mn/api/invitation-bidders';

/** The harvest's page of a tender-year window: `tenderYear` set. */
export const windowPage = (h: Hop): boolean => h.path === INVITATION && h.form.has('tenderYear');

async function bodyOf(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Starts the hop in front of `replayUrl`. */
export async function startTenderMnProxy(replayUrl: string): Promise<TenderMnProxy> {
  const hops: Hop[] = [];
  let events = 0;
  let inFlight = 0;
  let peak = 0;
  let gate: { match: Match; arrived: (h: Hop) => void; open: Promise<void>; release: () => void } | null =
    null;
  let failing: { match: Match; status: number } | null = null;
  let hidden: number | null = null;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const hop: Hop = {
        path: req.url ?? '',
        form: new URLSearchParams(body),
        arrived: ++events,
        answered: null,
      };
      hops.push(hop);
      peak = Math.max(peak, ++inFlight);
      try {
        const held = gate;
        if (held !== null && held.match(hop)) {
          gate = null;
          held.arrived(hop);
          await held.open;
        }
        if (failing !== null && failing.match(hop)) {
          res.writeHead(failing.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ return_code: failing.status, message: 'unavailable' }));
          return;
        }
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'authorization'])
          if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
        const up = await fetch(`${replayUrl}${hop.path}`, { method: req.method ?? 'GET', headers, body });
        let text = await up.text();
        if (hidden !== null && hop.path === INVITATION && up.status === 200) {
          const page = JSON.parse(text) as { total: number; data: { invitationId: number }[] };
          const kept = page.data.filter((r) => r.invitationId !== hidden);
          text = JSON.stringify({
            ...page,
            total: page.total - (page.data.length - kept.length),
            data: kept,
          });
        }
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      } finally {
        inFlight -= 1;
        hop.answered = ++events;
      }
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let release = (): void => {};
  return {
    url: `http://127.0.0.1:${port}/tender-mn/api`,
    get hops() {
      return [...hops];
    },
    get peak() {
      return peak;
    },
    hold(match) {
      let open = (): void => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      release = open;
      return new Promise<Hop>((arrived) => {
        gate = { match, arrived, open: opened, release: open };
      });
    },
    release: () => release(),
    fail(match, status) {
      failing = { match, status };
    },
    hide(invitationId) {
      hidden = invitationId;
    },
    clear() {
      failing = null;
      hidden = null;
      gate?.release();
      gate = null;
      release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
