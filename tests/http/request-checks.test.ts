import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { mayReplay } from '../../src/http/request-checks.js';
import { startHarness, type Harness } from '../helpers.js';

/*
 * docs/reliability.md §12d rows 2–4, at default settings over real HTTP: every refusal holds whatever
 * the whole-response cache holds; a malformed persisted-query extension is the client's 400, never an
 * internal error with a logged stack; client input in a message is quoted short and escaped.
 */

const PREFLIGHT = { 'apollo-require-preflight': 'true' };
const JSON_TYPE = { 'content-type': 'application/json' };
/** A query answered from the store, so its answer is stored by the whole-response cache. */
const STORED = JSON.stringify({ query: '{ organization(registerNumber: "2657457") { name } }' });
/** Input no message may repeat raw: a bidi override, a quote, a header injection, a NUL, and length. */
const HOSTILE = `\u202eevil"\r\nX-Injected: 1\u0000${'x'.repeat(300)}`;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };
}

let h: Harness;
let endpoint = '';
let contexts: MockInstance;
/** The gateway's log lines (JSON on stderr), as an operator sees them. */
const logLines: string[] = [];

beforeAll(async () => {
  // LOG_LEVEL as by default (the test harness is otherwise silent).
  h = await startHarness({ LOG_LEVEL: 'info' });
  endpoint = `${h.gateway.url}/graphql`;
  contexts = vi.spyOn(h.gateway.gateway, 'context');
  const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  const capture = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{"time"')) logLines.push(...text.split('\n').filter((l) => l !== ''));
    return write(chunk, ...rest);
  };
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterAll(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  await h?.close();
});

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Answer['body'] };
}

/** POSTs `body`; bytes go without a content type unless `headers` give one (a string would be text/plain). */
function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>): Promise<Answer> {
  return fetch(endpoint, { method: 'POST', headers, body }).then(answer);
}

/** Log lines an error of the client's making must never cause: errors, warnings, stacks. */
function alarming(lines: readonly string[]): string[] {
  return lines.filter((l) => /"level":"(error|warn)"|stack|persisted/i.test(l));
}

function get(params: Record<string, string>, headers: Record<string, string> = PREFLIGHT): Promise<Answer> {
  return fetch(`${endpoint}?${new URLSearchParams(params).toString()}`, { headers }).then(answer);
}

function code(a: Answer): unknown {
  return a.body.errors?.[0]?.extensions?.['code'];
}

const CSRF = /Cross-Site Request Forgery/;

describe('§12d row 2: every refusal runs whatever the whole-response cache holds', () => {
  it('refuses a text/plain body with or without the preflight header, and stores nothing', async () => {
    const type = { 'content-type': 'text/plain; a=json' };
    const before = h.gateway.responses.stats.entries;
    const first = await post(STORED, type);
    expect([first.status, code(first)]).toEqual([400, 'BAD_REQUEST']);
    expect(first.body.errors?.[0]?.message).toMatch(CSRF);
    // With the header CSRF prevention lets it through, but a text body is not JSON: it never runs.
    for (let i = 0; i < 2; i++) {
      const preflighted = await post(STORED, { ...type, ...PREFLIGHT });
      expect([preflighted.status, code(preflighted)]).toEqual([400, 'BAD_REQUEST']);
      expect(preflighted.body.errors?.[0]?.message).toMatch(/POST body missing, invalid Content-Type/);
    }
    const again = await post(STORED, type);
    expect([again.status, code(again)]).toEqual([400, 'BAD_REQUEST']);
    expect(again.body.errors?.[0]?.message).toMatch(CSRF);
    expect(again.headers.get('x-content-type-options')).toBe('nosniff');
    expect(h.gateway.responses.stats.entries).toBe(before);
  });

  it('refuses each variant of a stored operation while the stored answer is still being replayed', async () => {
    // The clock stands still, so the stored answer stays exact (and replayable) through the whole test.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      const stored = await post(STORED, JSON_TYPE);
      expect(stored.status).toBe(200);
      const entries = h.gateway.responses.stats.entries;
      expect(entries).toBeGreaterThan(0);
      const built = contexts.mock.calls.length;
      const replayed = await post(STORED, JSON_TYPE);
      expect(replayed.text).toBe(stored.text);
      expect(contexts.mock.calls.length).toBe(built); // a replay: nothing executed

      const variants: [string, () => Promise<Answer>, number, RegExp][] = [
        ['text/plain', () => post(STORED, { 'content-type': 'text/plain' }), 400, CSRF],
        ['form', () => post(STORED, { 'content-type': 'application/x-www-form-urlencoded' }), 400, CSRF],
        ['multipart', () => post(STORED, { 'content-type': 'multipart/form-data; boundary=x' }), 400, CSRF],
        ['no content type', () => post(new TextEncoder().encode(STORED), {}), 400, CSRF],
        ['latin1', () => post(STORED, { 'content-type': 'application/json; charset=latin1' }), 415, /UTF-8/],
        ['Accept: text/html', () => post(STORED, { ...JSON_TYPE, accept: 'text/html' }), 406, /accept/i],
        [
          'GET without a preflight header',
          () => get({ query: (JSON.parse(STORED) as { query: string }).query }, {}),
          400,
          CSRF,
        ],
        [
          'PUT',
          () => fetch(endpoint, { method: 'PUT', headers: JSON_TYPE, body: STORED }).then(answer),
          405,
          /GET|POST/,
        ],
      ];
      for (const [label, send, status, message] of variants) {
        const refused = await send();
        expect([label, refused.status, code(refused)]).toEqual([label, status, 'BAD_REQUEST']);
        expect(refused.body.errors?.[0]?.message).toMatch(message);
        expect(refused.body.data).toBeUndefined();
      }
      const still = await post(STORED, JSON_TYPE);
      expect(still.text).toBe(stored.text);
      expect(h.gateway.responses.stats.entries).toBe(entries);
    } finally {
      vi.useRealTimers();
    }
  });

  it('looks up the cache only for requests CSRF prevention can never refuse', async () => {
    const types = [
      'text/plain',
      'TEXT/PLAIN; charset=utf-8',
      ' text/plain ;a=json',
      'text/plain; a=application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json',
      'application/json; charset=utf-8',
      'application/graphql-response+json',
      'text/json',
      'application/jsonx',
    ];
    for (const type of types) {
      const res = await post(STORED, { 'content-type': type });
      const refusedAsCsrf = res.status === 400 && CSRF.test(res.body.errors?.[0]?.message ?? '');
      if (refusedAsCsrf) expect([type, mayReplay('POST', type)]).toEqual([type, false]);
    }
    expect(mayReplay('POST', 'application/json')).toBe(true);
    expect(mayReplay('POST', 'text/plain; a=json')).toBe(false);
    expect(mayReplay('POST', undefined)).toBe(false);
    expect(mayReplay('GET', 'application/json')).toBe(false);
  });
});

describe('§12d row 3: a malformed persisted-query extension is the client’s 400', () => {
  const QUERY = '{ __typename }';
  const HASH = createHash('sha256').update(QUERY).digest('hex');
  /** A value no message may repeat. */
  const MARK = 'zq-marker-0917';
  const MALFORMED: [string, unknown][] = [
    ['a string', MARK],
    ['a number', 1],
    ['an array', [MARK]],
    ['an empty object', {}],
    ['version 2', { version: 2, sha256Hash: HASH }],
    ['version "1"', { version: '1', sha256Hash: HASH }],
    ['no hash', { version: 1 }],
    ['a numeric hash', { version: 1, sha256Hash: 5 }],
    ['an object hash', { version: 1, sha256Hash: { MARK } }],
    ['a short hash', { version: 1, sha256Hash: MARK }],
    ['an upper-case hash', { version: 1, sha256Hash: HASH.toUpperCase() }],
  ];

  it('answers each malformed shape, POST or GET, with or without a query, with 400 BAD_REQUEST and no log line', async () => {
    const logged = logLines.length;
    for (const [label, persistedQuery] of MALFORMED) {
      const extensions = { persistedQuery };
      const sent = [
        post(JSON.stringify({ query: QUERY, extensions }), JSON_TYPE),
        post(JSON.stringify({ extensions }), JSON_TYPE),
        get({ query: QUERY, extensions: JSON.stringify(extensions) }),
        get({ extensions: JSON.stringify(extensions) }),
      ];
      for (const res of await Promise.all(sent)) {
        expect([label, res.status, code(res)]).toEqual([label, 400, 'BAD_REQUEST']);
        expect(res.body.errors?.[0]?.message).toMatch(/^`extensions.persistedQuery` must be /);
        expect(res.text).not.toContain(MARK);
        expect(res.text).not.toContain(HASH.toUpperCase());
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
    expect(alarming(logLines.slice(logged))).toEqual([]);
  });

  it('answers a hash that does not match its query with 400 BAD_REQUEST, unlogged', async () => {
    const logged = logLines.length;
    const other = createHash('sha256').update('{ other }').digest('hex');
    for (let i = 0; i < 3; i++) {
      const res = await post(
        JSON.stringify({ query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: other } } }),
        JSON_TYPE,
      );
      expect([res.status, code(res)]).toEqual([400, 'BAD_REQUEST']);
      expect(res.body.errors?.[0]?.message).toBe('provided sha does not match query');
    }
    expect(alarming(logLines.slice(logged))).toEqual([]);
  });

  it('still serves well-formed automatic persisted queries', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: HASH } };
    const unknown = await post(JSON.stringify({ extensions }), JSON_TYPE);
    expect(code(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(JSON.stringify({ query: QUERY, extensions }), JSON_TYPE);
    expect([registered.status, registered.body.data]).toEqual([200, { __typename: 'Query' }]);
    const byHash = await get({ extensions: JSON.stringify(extensions) });
    expect([byHash.status, byHash.body.data]).toEqual([200, { __typename: 'Query' }]);
  });
});

describe('§12d row 4: client input in a message is quoted short and escaped', () => {
  /** The quoted input at the start of `message`: what it shows, and whether it was cut. */
  function quotedPrefix(message: string): { shown: string; cut: boolean } {
    const match = /^("(?:[^"\\]|\\.)*")(…?)/.exec(message);
    expect(match).not.toBeNull();
    return { shown: JSON.parse(match![1]!) as string, cut: match![2] === '…' };
  }

  /** Nothing a message may carry raw: controls, bidi controls, zero-width characters, lone surrogates. */
  // eslint-disable-next-line no-control-regex
  const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]|\p{Cs}/u;

  const FIELDS: [string, string, string][] = [
    ['node id', 'query($v: ID!) { f: node(id: $v) { id } }', 'is not a node id'],
    ['ocid', 'query($v: String!) { f: contractingProcess(ocid: $v) { ocid } }', 'is not an OCDS ocid'],
    [
      'register number',
      'query($v: String!) { f: organization(registerNumber: $v) { name } }',
      'is not a register',
    ],
    ['project id', 'query($v: String!) { f: investmentProject(id: $v) { id } }', 'is not a project id'],
    ['cursor', 'query($v: String!) { f: contractingProcesses(after: $v) { totalCount } }', 'is not a cursor'],
  ];

  it('quotes a hostile id as JSON, with every invisible character escaped, cut to 40 code points', async () => {
    for (const [label, query, says] of FIELDS) {
      const res = await post(JSON.stringify({ query, variables: { v: HOSTILE } }), JSON_TYPE);
      expect([label, res.status, code(res)]).toEqual([label, 200, 'BAD_USER_INPUT']);
      const message = res.body.errors?.[0]?.message ?? '';
      expect(message).toContain(says);
      expect(message).not.toMatch(INVISIBLE);
      expect(message).not.toContain('X-Injected: 1\r');
      const { shown, cut } = quotedPrefix(message);
      expect([label, shown, cut]).toEqual([label, [...HOSTILE].slice(0, 40).join(''), true]);
      expect(message).toContain('"\\u202eevil\\"\\r\\nX-Injected: 1\\u0000');
    }
  });

  it('quotes filter values, currencies and search text the same way', async () => {
    const cases: [string, string][] = [
      [
        'status filter',
        'query($v: String) { f: contractingProcesses(filter: { status: $v }) { totalCount } }',
      ],
      ['buyer filter', 'query($v: String) { f: contractingProcesses(filter: { buyer: $v }) { totalCount } }'],
      [
        'currency',
        'query($v: String) { f: contractingProcesses(filter: { currency: $v, valueMin: 1 }) { totalCount } }',
      ],
      ['search', 'query($v: String!) { f: organizations(search: $v) { totalCount } }'],
    ];
    for (const [label, query] of cases) {
      const res = await post(JSON.stringify({ query, variables: { v: HOSTILE } }), JSON_TYPE);
      const message = res.body.errors?.[0]?.message ?? '';
      expect([label, code(res)]).toEqual([label, 'BAD_USER_INPUT']);
      expect(message).not.toMatch(INVISIBLE);
      expect(message).toContain('got "\\u202eevil\\"\\r\\nX-Injected: 1\\u0000');
      expect(message.length).toBeLessThan(300);
    }
  });

  it("quotes the input Apollo Server and graphql-js repeat: an operation name, a variable's value", async () => {
    const unknownName = await post(
      JSON.stringify({ query: '{ __typename }', operationName: HOSTILE }),
      JSON_TYPE,
    );
    expect([unknownName.status, code(unknownName)]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
    const named = unknownName.body.errors?.[0]?.message ?? '';
    expect(named).toMatch(/^Unknown operation named "\\u202eevil\\"\\r\\nX-Injected: 1\\u0000x+"…\.$/);
    expect(named).not.toMatch(INVISIBLE);

    const coerced = await post(
      JSON.stringify({
        query: 'query($n: Int) { contractingProcesses(first: $n) { totalCount } }',
        variables: { n: HOSTILE },
      }),
      JSON_TYPE,
    );
    expect([coerced.status, code(coerced)]).toEqual([400, 'BAD_USER_INPUT']);
    const message = coerced.body.errors?.[0]?.message ?? '';
    expect(message).toMatch(/^Variable "\$n" got invalid value "\\u202eevil/);
    expect(message).not.toMatch(INVISIBLE);
    expect(message.length).toBeLessThan(300);
  });

  it('keeps short printable input as it was: Cyrillic, emoji', async () => {
    const res = await post(
      JSON.stringify({
        query: 'query($v: String!) { f: organization(registerNumber: $v) { name } }',
        variables: { v: 'Мoscow😀' },
      }),
      JSON_TYPE,
    );
    expect(res.body.errors?.[0]?.message).toBe(
      '"Мoscow😀" is not a register number: expected 7 digits, e.g. "2657457".',
    );
  });
});
