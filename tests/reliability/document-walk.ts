import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
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
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
} from 'graphql';
import { buildGatewaySchema } from '../../src/schema.js';

/**
 * Generated GraphQL documents: a walk of the gateway's schema driven by fast-check's choices. Used by
 * the property run of the reliability suite (property-documents.test.ts) and by the comparison of the
 * two executors (tests/graph/execution.test.ts).
 */

export const schema = buildGatewaySchema();

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
export class DocumentWalk {
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
