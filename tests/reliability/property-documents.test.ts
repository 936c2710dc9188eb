import fc from 'fast-check';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  coerceInputValue,
  getNamedType,
  getNullableType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  typeFromAST,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationLimits } from '../../src/config.js';
import { buildGatewaySchema } from '../../src/schema.js';
import { settle, startHarness, type Harness } from '../helpers.js';
import { codesOf, recordCase, recordRun } from './report.js';
import { KNOWN_CODES } from './invariants.js';

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

const schema = buildGatewaySchema();

// ---------------------------------------------------------------------------------------------
// The schema walk.

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
/** Inputs that name real records of the embedded data, so some documents reach deep. */
const GOOD: Record<string, readonly string[]> = {
  registerNumber: ['2657457', '0996811', '2038943'],
  ocid: ['ocds-213czf-000-00001', 'ocds-213czf-000-00002'],
  id: ['mn-pip-fict-0001', b64('Organization:2657457'), b64('ContractingProcess:ocds-213czf-000-00001')],
  search: ['oyu tolgoi', 'Москва', 'Хайрхан', 'ховд', '2657457'],
  currency: ['MNT', 'USD'],
  aimag: ['Өмнөговь'],
};
/** Strings no argument should accept, or that are hostile wherever they land. */
const HOSTILE = [
  '',
  ' ',
  '../admin',
  '%2e%2e%2f',
  '1 OR 1=1',
  'a\r\nX-Injected: 1',
  'http://169.254.169.254/',
  '\u202e\u0000',
  'й'.normalize('NFD'),
  '😀'.repeat(40),
  'x'.repeat(300),
];

type Gen = fc.GeneratorValue;

/** How many fields deep a selection on each composite type can go (capped at 20; cycles reach it). */
const REACH: ReadonlyMap<string, number> = (() => {
  const composite = Object.values(schema.getTypeMap()).filter(
    (t): t is GraphQLObjectType | GraphQLInterfaceType =>
      (isObjectType(t) || isInterfaceType(t)) && !t.name.startsWith('__'),
  );
  const reach = new Map<string, number>(composite.map((t) => [t.name, 1]));
  for (let round = 0; round < 20; round++)
    for (const t of composite) {
      const deepest = Math.max(
        ...Object.values(t.getFields()).map((f) => 1 + (reach.get(getNamedType(f.type).name) ?? 0)),
      );
      reach.set(t.name, Math.min(20, deepest));
    }
  return reach;
})();

/**
 * Builds one document by walking the schema with the choices `g` makes. Most documents are "clean":
 * valid against the schema, with values of the right types (some of them hostile strings the
 * resolvers must refuse). The others are "dirty": each choice may also be invalid (unknown fields,
 * arguments and directives, directives where they may not go, wrong literals, missing or mistyped
 * variables, an operation name that does not resolve).
 */
class DocumentWalk {
  private readonly fragments: string[] = [];
  private readonly variableDefinitions: string[] = [];
  readonly variables: Record<string, unknown> = {};
  private readonly dirty: boolean;
  private counter = 0;
  /** Fields left to place: keeps deep documents from growing wide at every level. */
  private budget: number;
  /** Inline fragments and fragment spreads left: they do not lower the depth, so they are rationed. */
  private fragmentsLeft = 6;

  constructor(private readonly g: Gen) {
    this.dirty = this.chance(30);
    this.budget = g(fc.integer, { min: 4, max: 40 });
  }

  private chance(percent: number): boolean {
    return this.g(fc.integer, { min: 0, max: 99 }) < percent;
  }
  /** An invalid choice, only in a dirty document. */
  private bad(percent: number): boolean {
    return this.dirty && this.chance(percent);
  }
  private pick<T>(items: readonly T[]): T {
    return items[this.g(fc.nat, { max: items.length - 1 })]!;
  }
  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  /** The whole request: the operation, its fragments and variables. */
  document(): { query: string; variables: Record<string, unknown>; operationName?: string } {
    const depth = this.g(fc.integer, { min: 1, max: 15 });
    // Sometimes wide at the root, to reach the root-field and alias limits.
    const width = this.chance(10) ? this.g(fc.integer, { min: 10, max: 20 }) : undefined;
    const selections = this.selectionSet(schema.getQueryType()!, depth, new Set(), width);
    const directive = this.bad(10) ? ` ${this.directive()}` : ''; // no directive may go on a query
    const second = this.chance(5);
    const named = second || this.chance(30);
    const name = named ? this.next('Op') : '';
    const variables = this.variableDefinitions.length > 0 ? `(${this.variableDefinitions.join(', ')})` : '';
    const head = named || variables || directive ? `query ${name}${variables}${directive} ` : '';
    let query = `${head}${selections}\n${this.fragments.join('\n')}`;
    let operationName: string | undefined;
    if (second) {
      // A second operation: the request names one (or, in a dirty document, fails to resolve).
      query += '\nquery Other { __typename }';
      operationName = this.bad(50) ? this.pick(['Unknown', '']) : this.pick([name, 'Other']);
    }
    return { query, variables: this.variables, ...(operationName ? { operationName } : {}) };
  }

  /**
   * `used`: response names taken in this selection scope (fragments merge into their parent's). The
   * first selection is on the spine: a composite field when there is one, so documents reach their
   * depth. A wide root also repeats fields verbatim (identical fields merge), to pass the root-field
   * limit without passing the alias limit.
   */
  private selectionSet(type: GraphQLCompositeType, depth: number, used: Set<string>, width?: number): string {
    const count = width ?? this.g(fc.integer, { min: 1, max: 3 });
    const parts: string[] = [];
    const repeatable: string[] = [];
    for (let i = 0; i < count; i++) {
      if (width !== undefined && repeatable.length > 0 && this.chance(40)) {
        parts.push(this.pick(repeatable));
        continue;
      }
      const part = this.selection(type, depth, used, i === 0);
      parts.push(part);
      if (/^[a-zA-Z]\w*[ ({@]/.test(part) && !part.startsWith('__')) repeatable.push(part);
    }
    return `{ ${parts.join(' ')} }`;
  }

  private selection(type: GraphQLCompositeType, depth: number, used: Set<string>, spine: boolean): string {
    if (spine && (isObjectType(type) || isInterfaceType(type))) return this.field(type, depth, used, true);
    const roll = this.g(fc.integer, { min: 0, max: 99 });
    const fragment = this.fragmentsLeft > 0 && roll < 10;
    if (fragment) this.fragmentsLeft -= 1;
    if (!isObjectType(type) && !isInterfaceType(type)) return this.typeCondition(type, depth, used);
    if (fragment)
      return roll < 6 ? this.typeCondition(type, depth, used) : this.fragmentSpread(type, depth, used);
    if (roll < 14) return this.chance(50) ? `${this.next('t')}: __typename` : '__typename';
    if (this.bad(5)) return this.pick(['nope', 'datset', '__schema']); // not fields of this type, or no selection
    return this.field(type, depth, used, false);
  }

  /** `... on T` for one of an abstract type's possible types, or for the type itself; or `...`. */
  private typeCondition(type: GraphQLCompositeType, depth: number, used: Set<string>): string {
    const target = isAbstractType(type) ? this.pick(schema.getPossibleTypes(type)) : type;
    const condition = this.chance(80) ? ` on ${target.name}` : '';
    const directive = this.chance(15) ? ` ${this.directive()}` : '';
    return `...${condition}${directive} ${this.selectionSet(condition ? target : type, depth, used)}`;
  }

  private fragmentSpread(type: GraphQLCompositeType, depth: number, used: Set<string>): string {
    const name = this.next('F');
    const target = isAbstractType(type) ? this.pick(schema.getPossibleTypes(type)) : type;
    // No directive may go on a fragment definition.
    const definitionDirective = this.bad(10) ? ` ${this.directive()}` : '';
    const body = this.selectionSet(target, depth, used);
    this.fragments.push(`fragment ${name} on ${target.name}${definitionDirective} ${body}`);
    return `...${name}${this.chance(15) ? ` ${this.directive()}` : ''}`;
  }

  private field(
    type: GraphQLObjectType | GraphQLInterfaceType,
    depth: number,
    used: Set<string>,
    spine: boolean,
  ): string {
    const all: GraphQLField<unknown, unknown>[] = Object.values(type.getFields());
    const leaves = all.filter((f) => isLeafType(getNamedType(f.type)));
    const composite = all.filter((f) => !isLeafType(getNamedType(f.type)));
    if (depth <= 1 && leaves.length === 0) return '__typename';
    // At the last level only leaves fit; deeper, prefer composite fields to reach the depth.
    const deeper =
      depth > 1 &&
      composite.length > 0 &&
      (spine || (this.budget > 0 && (leaves.length === 0 || this.chance(40))));
    // The spine follows fields that can still reach the chosen depth.
    const reaching = composite.filter((f) => (REACH.get(getNamedType(f.type).name) ?? 0) >= depth - 1);
    const field = this.pick(
      spine && deeper && reaching.length > 0
        ? reaching
        : deeper
          ? composite
          : leaves.length > 0
            ? leaves
            : all,
    );
    this.budget -= 1;
    // A response name is used once per scope: no two fields can conflict.
    const alias = this.chance(10) || used.has(field.name) ? `${this.next('a')}: ` : '';
    if (!alias) used.add(field.name);
    const args = this.arguments(field.args);
    const directive = this.chance(8) ? ` ${this.directive()}` : '';
    const named = getNamedType(field.type);
    const sub = isCompositeType(named) ? ` ${this.selectionSet(named, depth - 1, new Set())}` : '';
    return `${alias}${field.name}${args}${directive}${sub}`;
  }

  private arguments(args: readonly GraphQLArgument[]): string {
    const given: string[] = [];
    for (const arg of args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (required ? this.bad(10) : this.chance(60)) continue;
      const value = this.chance(15) ? this.variable(arg) : this.literal(arg.type, arg.name, 0);
      given.push(`${arg.name}: ${value}`);
    }
    if (this.bad(5)) given.push('unknownArgument: 1');
    return given.length > 0 ? `(${given.join(', ')})` : '';
  }

  private directive(): string {
    if (this.bad(10)) return this.pick(['@deprecated', '@unknown', '@include', '@skip(if: 1)']);
    const name = this.chance(50) ? 'include' : 'skip';
    const value = this.chance(15)
      ? this.variable({ name: 'if', type: schema.getDirective(name)!.args[0]!.type })
      : String(this.chance(50));
    return `@${name}(if: ${value})`;
  }

  /** A variable for an argument: declared with the argument's type (or a wrong one), and a value. */
  private variable(arg: { name: string; type: GraphQLInputType }): string {
    const name = this.next('v');
    this.variableDefinitions.push(`$${name}: ${this.bad(15) ? 'String' : String(arg.type)}`);
    if (!this.bad(15))
      this.variables[name] = this.bad(15)
        ? this.g(fc.jsonValue, { maxDepth: 2 })
        : this.json(arg.type, arg.name, 0);
    return `$${name}`;
  }

  /** A GraphQL literal of `type`. */
  private literal(type: GraphQLInputType, name: string, nesting: number): string {
    if (this.bad(10))
      return this.pick(['null', '"x"', '1', '1.5', 'true', '[]', '{}', 'UNKNOWN_ENUM', '"2020-13-45"']);
    const inner = getNullableType(type);
    if (isListType(inner)) {
      const n = this.g(fc.integer, { min: 0, max: 2 });
      return `[${Array.from({ length: n }, () => this.literal(inner.ofType, name, nesting + 1)).join(', ')}]`;
    }
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields()).filter(() => nesting < 3 && this.chance(40));
      return `{ ${fields.map((f) => `${f.name}: ${this.literal(f.type, f.name, nesting + 1)}`).join(', ')} }`;
    }
    const value = this.json(inner, name, nesting);
    return isEnumType(inner) ? String(value) : JSON.stringify(value);
  }

  /** A JSON value of `type` (a variable's value, or a literal's). */
  private json(type: GraphQLInputType, name: string, nesting: number): unknown {
    const inner = getNullableType(type);
    if (isListType(inner)) {
      const n = this.g(fc.integer, { min: 0, max: 2 });
      return Array.from({ length: n }, () => this.json(inner.ofType, name, nesting + 1));
    }
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields()).filter(() => nesting < 3 && this.chance(40));
      return Object.fromEntries(fields.map((f) => [f.name, this.json(f.type, f.name, nesting + 1)]));
    }
    if (isEnumType(inner)) return this.pick(inner.getValues()).name;
    if (!isScalarType(inner)) return null;
    switch (inner.name) {
      case 'Int':
        if (name === 'first' || name === 'year')
          return this.chance(85)
            ? this.g(fc.integer, { min: 1, max: name === 'year' ? 2030 : 100 })
            : this.pick([0, -1, 101, 99_999_999, 2_147_483_647]);
        return this.g(fc.integer, { min: -5, max: 3000 });
      case 'Float':
        return this.chance(90) ? this.g(fc.double, { min: -1e12, max: 1e12, noNaN: true }) : 1e308;
      case 'Boolean':
        return this.chance(50);
      case 'DateTime':
        return this.pick(['2020-01-01', '2026-01-31T08:00:00+08:00', '1999-12-31T23:59:59Z', '2030-06-01']);
      default: {
        // String and ID.
        const good = GOOD[name];
        const roll = this.g(fc.integer, { min: 0, max: 99 });
        // A well-formed ocid the embedded data does not hold: one upstream request, answered 404.
        if (name === 'ocid' && roll < 20) return `ocds-213czf-000-${this.g(fc.nat, { max: 99_999 })}`;
        if (good && roll < 60) return this.pick(good);
        if (roll < 75) return this.pick(HOSTILE);
        if (name === 'after')
          return this.chance(50) ? b64(`offset:${this.g(fc.nat, { max: 400 })}`) : b64('offset:-1');
        return this.g(fc.string, { unit: this.chance(50) ? 'grapheme' : 'binary', maxLength: 30 });
      }
    }
  }
}

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
