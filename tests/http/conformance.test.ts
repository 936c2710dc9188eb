import { serverAudits, type Audit } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers.js';

/*
 * GraphQL over HTTP conformance: graphql-http's server audits against the running gateway, one test
 * per audit. Every MUST audit passes. An audit the gateway fails on purpose is listed with its reason
 * in KNOWINGLY_SKIPPED, and the test asserts that it does still fail, so the list cannot go stale.
 * Everything else passes.
 */

/** Apollo Server answers request errors with 400 whatever the client accepts (docs/reliability.md §12a rows 8, 19). */
const STATUS_400_FOR_APPLICATION_JSON = {
  '572B':
    'Apollo Server answers a document that does not parse with 400 even for application/json; ' +
    'a client sees a request error as an HTTP error (docs/reliability.md §12a row 8)',
  FDE2:
    'Apollo Server answers a document that fails validation with 400 even for application/json ' +
    '(docs/reliability.md §12a rows 12-15)',
  '7B9B':
    'Apollo Server 5 answers a variable coercion failure with 400 even for application/json ' +
    '(status400ForVariableCoercionErrors; docs/reliability.md §12a row 19)',
} as const;

/**
 * CSRF prevention (Apollo Server's default, docs/reliability.md §12a row 3) refuses a GET that carries neither
 * `Apollo-Require-Preflight` nor `X-Apollo-Operation-Name`, as a browser's cross-site GET would.
 */
const CSRF_PREVENTION = {
  '5A70': 'CSRF prevention: a GET without a preflight header is refused with 400',
  D6D5: 'CSRF prevention: a GET without a preflight header is refused with 400',
  '6A70': 'CSRF prevention: a GET without a preflight header is refused with 400',
} as const;

/** What a client sends: the audits' own requests, or the same with the documented preflight header. */
const CLIENTS = [
  {
    name: 'as the audits send them',
    headers: {} as Record<string, string>,
    KNOWINGLY_SKIPPED: { ...STATUS_400_FOR_APPLICATION_JSON, ...CSRF_PREVENTION } as Record<string, string>,
  },
  {
    name: 'with the Apollo-Require-Preflight header a GET client sends',
    headers: { 'apollo-require-preflight': 'true' },
    KNOWINGLY_SKIPPED: { ...STATUS_400_FOR_APPLICATION_JSON } as Record<string, string>,
  },
];

let h: Harness;
let endpoint = '';
beforeAll(async () => {
  h = await startHarness();
  endpoint = `${h.gateway.url}/graphql`;
}, 120_000);
afterAll(async () => {
  await h.close();
});

for (const client of CLIENTS) {
  describe(`graphql-http server audits, ${client.name}`, () => {
    const fetchFn = (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(client.headers)) headers.set(name, value);
      return fetch(input, { ...init, headers, signal: AbortSignal.timeout(15_000) });
    };
    const audits: Audit[] = serverAudits({ url: () => endpoint, fetchFn });

    it('lists only audits that exist, and never a MUST', () => {
      const byId = new Map(audits.map((a) => [a.id, a]));
      for (const id of Object.keys(client.KNOWINGLY_SKIPPED)) {
        expect(byId.has(id), id).toBe(true);
        expect(byId.get(id)?.name.startsWith('MUST'), id).toBe(false);
      }
    });

    for (const audit of audits) {
      const skipped = client.KNOWINGLY_SKIPPED[audit.id];
      it(`${audit.id} ${audit.name}${skipped ? ' (knowingly fails)' : ''}`, async () => {
        const result = await audit.fn();
        const reason = result.status === 'ok' ? '' : result.reason;
        if (skipped === undefined) {
          expect(result.status, reason).toBe('ok');
        } else {
          // Still failing, for the listed reason; remove the entry when it passes.
          expect(result.status, `${audit.id} now passes; remove it from KNOWINGLY_SKIPPED`).not.toBe('ok');
        }
      });
    }
  });
}
