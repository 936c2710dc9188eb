import fc from 'fast-check';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  coerceInputValue,
  getOperationAST,
  isNonNullType,
  parse,
  typeFromAST,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationLimits } from '../../src/config.js';
import { settle, startHarness, type Harness } from '../helpers.js';
import { codesOf, recordCase, recordRun } from './report.js';
import { KNOWN_CODES } from './invariants.js';
import { DocumentWalk, schema } from './document-walk.js';

/*
 * docs/reliability.md §12a row 22: property tests over generated GraphQL documents, sent to a running
 * gateway over the replay server (so accepted documents make real upstream calls).
 *
 * - Schema walks: a generator walks OUR schema's types, choosing fields, aliases, arguments of the
 *   right types with good and bad values (literals and variables), inline and named fragments,
 *   directives, and a depth up to 15, with a few deliberately invalid choices.
 * - Arbitrary strings as documents, over a GraphQL-like alphabet and over all of Unicode.
 *
 * Every response must arrive (a generous per-request timeout catches a hang), never be a 5xx, be
 * JSON with `data` and/or `errors`, and carry only codes from our set (never INTERNAL_SERVER_ERROR:
 * no client input is a bug). An oracle computed here, independently of src/http/limits.ts, says what
 * each document must get: a parse or validation failure, an operation resolution failure, the first
 * structural limit it exceeds (with the same measured value), a variable coercion failure, or
 * execution; an executed document is within every configured limit.
 */

const SCHEMA_WALK_RUNS = 300;
const ARBITRARY_STRING_RUNS = 200;

// ---------------------------------------------------------------------------------------------
// The oracle: what a document must get, computed here without src/http/limits.ts.

interface Measures {
  depth: number;
  aliases: number;
  rootFields: number;
  directives: number;
}

/**
 * Measures an operation as docs/reliability.md "Limits" defines it: fragments expanded where spread;
 * depth counts nested fields (the root field 1, `__typename` too); aliases of `__typename` are free;
 * root fields are those selected at the root, `__typename` excepted; every directive use counts,
 * a fragment definition's once per spread; an introspection field counts as one field.
 */
function measure(document: DocumentNode, operation: OperationDefinitionNode): Measures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const walk = (set: SelectionSetNode): Measures => {
    const m: Measures = { depth: 0, aliases: 0, rootFields: 0, directives: 0 };
    const merge = (inner: Measures, directives: number) => {
      m.depth = Math.max(m.depth, inner.depth);
      m.aliases += inner.aliases;
      m.rootFields += inner.rootFields;
      m.directives += inner.directives + directives;
    };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name === '__schema' || name === '__type') {
          m.depth = Math.max(m.depth, 1);
          m.rootFields += 1;
          continue;
        }
        const inner = s.selectionSet
          ? walk(s.selectionSet)
          : { depth: 0, aliases: 0, rootFields: 0, directives: 0 };
        m.depth = Math.max(m.depth, 1 + inner.depth);
        m.aliases += inner.aliases + (s.alias && name !== '__typename' ? 1 : 0);
        m.rootFields += name === '__typename' ? 0 : 1;
        m.directives += inner.directives + (s.directives?.length ?? 0);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        merge(walk(s.selectionSet), s.directives?.length ?? 0);
      } else {
        const fragment = fragments.get(s.name.value)!;
        const inner = walk(fragment.selectionSet);
        merge(
          { ...inner, directives: inner.directives + (fragment.directives?.length ?? 0) },
          s.directives?.length ?? 0,
        );
      }
    }
    return m;
  };
  const root = walk(operation.selectionSet);
  return { ...root, directives: root.directives + (operation.directives?.length ?? 0) };
}

/** Whether the request's variables coerce to the operation's variable types. */
function variablesCoerce(operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type === undefined) return false;
    const name = definition.variable.name.value;
    if (!(name in variables)) {
      if (isNonNullType(type) && definition.defaultValue === undefined) return false;
      continue;
    }
    let ok = true;
    coerceInputValue(variables[name], type, () => {
      ok = false;
    });
    if (!ok) return false;
  }
  return true;
}

const OPEN = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSE = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/** Lexical tokens and deepest bracket nesting of a document, counted up to a lexical error. */
function lex(query: string): { tokens: number; nesting: number } {
  let tokens = 0;
  let open = 0;
  let nesting = 0;
  try {
    const lexer = new Lexer(new Source(query));
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) {
      tokens += 1;
      if (OPEN.has(t.kind)) nesting = Math.max(nesting, ++open);
      else if (CLOSE.has(t.kind)) open -= 1;
    }
  } catch {
    // What was counted before the error is what the gateway counts too.
  }
  return { tokens, nesting };
}

/** Bracket nesting refused before parsing (src/http/limits.ts MAX_NESTING, docs/reliability.md "Limits"). */
const MAX_NESTING = 256;

type Outcome =
  | { kind: 'request-error'; codes: readonly string[]; measured?: number }
  /** Executed, or refused by the cost limit (not recomputed here). */
  | { kind: 'executed-or-cost'; measures: Measures; coerce: boolean };

/** Whether any string (or key) in a JSON value holds a surrogate that is not half of a pair. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return /[\uD800-\uDFFF]/u.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => holdsLoneSurrogate(k) || holdsLoneSurrogate(v));
  return false;
}

function expected(
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  limits: OperationLimits,
): Outcome {
  const { query } = request;
  if (holdsLoneSurrogate(request)) return { kind: 'request-error', codes: ['BAD_REQUEST'] };
  if (query.length === 0) return { kind: 'request-error', codes: ['BAD_REQUEST'] };
  if (query.length > limits.maxCharacters) return { kind: 'request-error', codes: ['MAX_CHARACTERS'] };
  const lexed = lex(query);
  if (lexed.tokens > limits.maxTokens) return { kind: 'request-error', codes: ['MAX_TOKENS'] };
  if (lexed.nesting > MAX_NESTING) return { kind: 'request-error', codes: ['MAX_DEPTH'] };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (thrown) {
    if (!(thrown instanceof GraphQLError)) throw thrown;
    return { kind: 'request-error', codes: ['GRAPHQL_PARSE_FAILED'] };
  }
  if (validate(schema, document).length > 0)
    return { kind: 'request-error', codes: ['GRAPHQL_VALIDATION_FAILED'] };
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return { kind: 'request-error', codes: ['OPERATION_RESOLUTION_FAILURE'] };
  const m = measure(document, operation);
  const over: [string, number, number][] = [
    ['MAX_DEPTH', m.depth, limits.maxDepth],
    ['MAX_ALIASES', m.aliases, limits.maxAliases],
    ['MAX_ROOT_FIELDS', m.rootFields, limits.maxRootFields],
    ['MAX_DIRECTIVES', m.directives, limits.maxDirectives],
  ];
  const first = over.find(([, value, limit]) => value > limit);
  if (first) return { kind: 'request-error', codes: [first[0]], measured: first[1] };
  const coerce = variablesCoerce(operation, request.variables ?? {});
  return { kind: 'executed-or-cost', measures: m, coerce };
}

// ---------------------------------------------------------------------------------------------
// Sending and checking.

interface Tally {
  tried: number;
  lost: number;
  statuses: Map<number, number>;
  codes: Set<string>;
  outcomes: Map<string, number>;
}
const tally = (): Tally => ({
  tried: 0,
  lost: 0,
  statuses: new Map(),
  codes: new Set(),
  outcomes: new Map(),
});
const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function check(
  h: Harness,
  limits: OperationLimits,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  t: Tally,
): Promise<void> {
  t.tried += 1;
  const show = JSON.stringify(request).slice(0, 2000);
  let status = 0;
  let body: Body;
  try {
    const res = await fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      // Generous: only a hang fails this, never a slow machine.
      signal: AbortSignal.timeout(30_000),
    });
    status = res.status;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await res.arrayBuffer());
    body = JSON.parse(text) as Body;
    if (status >= 500 || typeof body !== 'object' || body === null || !('data' in body || 'errors' in body))
      throw new Error(`not a well-formed GraphQL response`);
  } catch (thrown) {
    t.lost += 1;
    throw new Error(`${String(thrown)} (status ${status}) for ${show}`);
  }
  bump(t.statuses, status);
  const codes = codesOf(body);
  for (const code of codes) t.codes.add(code);
  for (const code of codes) {
    expect(KNOWN_CODES.has(code), `${code} for ${show}`).toBe(true);
    expect(code, `internal error for ${show}: ${JSON.stringify(body.errors)}`).not.toBe(
      'INTERNAL_SERVER_ERROR',
    );
  }
  for (const error of body.errors ?? []) expect(error.message).not.toContain(new URL(h.replay.url).host);

  const outcome = expected(request, limits);
  const first = body.errors?.[0];
  const firstCode = codesOf({ errors: first ? [first] : [] })[0] ?? 'NONE';
  const context = `${show}\n→ ${status} ${JSON.stringify(body).slice(0, 600)}`;
  if (outcome.kind === 'request-error') {
    bump(t.outcomes, firstCode);
    expect(status, context).toBe(400);
    expect(body.data, context).toBeUndefined();
    expect(outcome.codes, context).toContain(firstCode);
    if (outcome.measured !== undefined)
      expect(first?.extensions?.['measured'], context).toBe(outcome.measured);
    return;
  }
  if (status === 400) {
    // Refused after the structural checks: only the cost limit or variable coercion remain.
    bump(t.outcomes, firstCode);
    expect(body.data, context).toBeUndefined();
    const allowed = outcome.coerce ? ['MAX_COST'] : ['MAX_COST', 'BAD_USER_INPUT'];
    expect(allowed, context).toContain(firstCode);
    if (firstCode === 'MAX_COST')
      expect(Number(first?.extensions?.['measured']), context).toBeGreaterThan(limits.maxCost);
    return;
  }
  bump(t.outcomes, 'executed');
  expect(status, context).toBe(200);
  expect(outcome.coerce, `variables that do not coerce were executed: ${context}`).toBe(true);
  expect(typeof body.data === 'object' && body.data !== null, context).toBe(true);
  // The limits hold for everything that ran.
  const m = outcome.measures;
  expect(m.depth, context).toBeLessThanOrEqual(limits.maxDepth);
  expect(m.aliases, context).toBeLessThanOrEqual(limits.maxAliases);
  expect(m.rootFields, context).toBeLessThanOrEqual(limits.maxRootFields);
  expect(m.directives, context).toBeLessThanOrEqual(limits.maxDirectives);
}

const summary = (t: Tally) =>
  [...t.outcomes.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

describe('§12a row 22: generated documents', () => {
  let h: Harness;
  let limits: OperationLimits;
  const walks = tally();
  const strings = tally();
  let upstreamBefore = 0;

  beforeAll(async () => {
    // No request spacing, so documents that reach the register's per-entity pages do not queue.
    h = await startHarness({
      REGISTRY_RATE_PER_SECOND: '0',
      EITI_MONGOLIA_RATE_PER_SECOND: '0',
      EITI_RATE_PER_SECOND: '0',
    });
    limits = h.gateway.config.limits;
    await settle(h);
    upstreamBefore = h.replay.countRequests();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it(`holds for ${SCHEMA_WALK_RUNS} schema-walk documents`, { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        await check(h, limits, new DocumentWalk(g).document(), walks);
      }),
      { numRuns: SCHEMA_WALK_RUNS, endOnFailure: true },
    );
    // The walk reached every kind of outcome, or it tests less than it claims.
    for (const kind of ['executed', 'GRAPHQL_VALIDATION_FAILED', 'MAX_DEPTH'])
      expect(walks.outcomes.get(kind) ?? 0, summary(walks)).toBeGreaterThan(0);
    recordRun({
      kind: 'property',
      name: 'schema-walk documents (fields, aliases, arguments, fragments, directives, depth ≤ 15)',
      tried: walks.tried,
      lost: walks.lost,
      detail: summary(walks),
    });
  });

  it(`holds for ${ARBITRARY_STRING_RUNS} arbitrary strings as documents`, { timeout: 120_000 }, async () => {
    const graphqlLike = fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      ':',
      '$',
      '@',
      '!',
      '...',
      '"',
      '"""',
      '#',
      '\n',
      ' ',
      ',',
      '=',
      '|',
      '&',
      '\\',
      '\u0000',
      'ж',
      '😀',
      '\uD800',
      'a',
      'sources',
      'name',
      '__typename',
      '__schema',
      'query',
      'mutation',
      'subscription',
      'fragment',
      'on',
      'organization',
      'registerNumber',
      '1',
      '-1.5e3',
      'true',
      'null',
    );
    const documents = fc.oneof(
      fc.string({ unit: graphqlLike, maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(documents, async (query) => {
        await check(h, limits, { query }, strings);
      }),
      { numRuns: ARBITRARY_STRING_RUNS, endOnFailure: true },
    );
    recordRun({
      kind: 'property',
      name: 'arbitrary strings as documents (GraphQL-like tokens, any code point, graphemes)',
      tried: strings.tried,
      lost: strings.lost,
      detail: summary(strings),
    });
  });

  it('records row 22', () => {
    const tried = walks.tried + strings.tried;
    expect(tried).toBeGreaterThanOrEqual(SCHEMA_WALK_RUNS + ARBITRARY_STRING_RUNS);
    const statuses = new Set([...walks.statuses.keys(), ...strings.statuses.keys()]);
    expect([...statuses].every((s) => s === 200 || s === 400)).toBe(true);
    recordCase({
      table: '12a',
      row: 22,
      case: `fast-check: ${walks.tried} schema-walk documents and ${strings.tried} arbitrary strings; statuses ${[...statuses].sort().join(', ')}`,
      status: Math.max(...statuses),
      codes: [...new Set([...walks.codes, ...strings.codes])].sort(),
      upstreamCalls: h.replay.countRequests() - upstreamBefore,
      lost: walks.lost + strings.lost > 0,
    });
  });
});
