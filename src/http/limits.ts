import type { OperationLimits } from '../config.js';
import { MAX_PAGE_SIZE } from '../domain/ids.js';
import { HeaderMap } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  Lexer,
  SchemaMetaFieldDef,
  Source,
  TokenKind,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  valueFromAST,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/*
 * Operation limits (docs/reliability.md "Limits"). A GraphQL endpoint lets one small request
 * ask for an unbounded amount of work: a deep or wide selection, a thousand aliases of one expensive
 * field, or nested pages of a hundred items each. Every check here runs before execution, so a
 * rejected operation costs no resolver run and no upstream call:
 *
 * - before parsing (`didResolveSource`): characters, tokens and bracket nesting, counted by graphql-js's
 *   lexer alone. graphql-js parses by recursive descent and overflows the stack at about 3,000 levels
 *   of nesting (`{a{a{a…`), so deep documents must be refused before the parser sees them;
 * - after validation (`didResolveOperation`): depth, aliases, root fields, directives and cost of the
 *   selected operation, fragments expanded. Validation has already refused fragment cycles
 *   (NoFragmentCycles), and every fragment is measured once (memoised), so a fragment reused many
 *   times, or deep, is counted in full without walking it more than once.
 *
 * Apollo Server rewrites the code of every validation-rule error to GRAPHQL_VALIDATION_FAILED, so the
 * checks are a plugin rather than validation rules: each rejection keeps its own stable code.
 */

/** The `extensions.code` of each limit's rejection (HTTP 400). */
export const LimitCode = {
  MAX_CHARACTERS: 'MAX_CHARACTERS',
  MAX_TOKENS: 'MAX_TOKENS',
  MAX_DEPTH: 'MAX_DEPTH',
  MAX_ALIASES: 'MAX_ALIASES',
  MAX_ROOT_FIELDS: 'MAX_ROOT_FIELDS',
  MAX_DIRECTIVES: 'MAX_DIRECTIVES',
  MAX_COST: 'MAX_COST',
} as const;
export type LimitCode = (typeof LimitCode)[keyof typeof LimitCode];

/** Every limit code, for the error formatter's pass-through list. */
export const LIMIT_CODES: readonly LimitCode[] = Object.values(LimitCode);

/**
 * Bracket nesting (`{`, `[`, `(`) parsed at most. Not a setting: it only keeps graphql-js's recursive
 * parser away from a stack overflow (about 3,000 levels), far above any depth limit that makes sense.
 */
export const MAX_NESTING = 256;

/** What `measureOperation` found. */
export interface OperationMeasures {
  readonly depth: number;
  readonly aliases: number;
  readonly rootFields: number;
  readonly directives: number;
  readonly cost: number;
}

/** A limit exceeded: `extensions` carry `code`, `limit` and `measured`. */
export type LimitError = GraphQLError;

function rejection(code: LimitCode, message: string, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, measured, http: { status: 400, headers: new HeaderMap() } },
  });
}

/**
 * Checks a query document before it is parsed: characters, then tokens and bracket nesting, counted
 * by the lexer (no recursion). A lexical error stops the count; the parser then reports it as
 * GRAPHQL_PARSE_FAILED.
 */
export function checkSource(query: string, limits: OperationLimits): GraphQLError | undefined {
  if (query.length > limits.maxCharacters) {
    return rejection(
      LimitCode.MAX_CHARACTERS,
      `The query has ${query.length} characters; the limit is ${limits.maxCharacters}.`,
      limits.maxCharacters,
      query.length,
    );
  }
  let tokens = 0;
  let nesting = 0;
  let deepest = 0;
  try {
    const lexer = new Lexer(new Source(query));
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (
        token.kind === TokenKind.BRACE_L ||
        token.kind === TokenKind.BRACKET_L ||
        token.kind === TokenKind.PAREN_L
      )
        deepest = Math.max(deepest, ++nesting);
      else if (
        token.kind === TokenKind.BRACE_R ||
        token.kind === TokenKind.BRACKET_R ||
        token.kind === TokenKind.PAREN_R
      )
        nesting -= 1;
    }
  } catch {
    // A syntax error: what was counted so far still applies; the rest is the parser's to report.
  }
  if (tokens > limits.maxTokens) {
    return rejection(
      LimitCode.MAX_TOKENS,
      `The query has ${tokens} tokens; the limit is ${limits.maxTokens}.`,
      limits.maxTokens,
      tokens,
    );
  }
  if (deepest > MAX_NESTING) {
    return rejection(
      LimitCode.MAX_DEPTH,
      `The query nests brackets ${deepest} levels deep; the limit is ${MAX_NESTING} ` +
        `(and at most ${limits.maxDepth} nested fields).`,
      MAX_NESTING,
      deepest,
    );
  }
  return undefined;
}

interface Measure {
  depth: number;
  aliases: number;
  /** Fields at the top of this selection set, `__typename` excepted. */
  fields: number;
  directives: number;
  cost: number;
}

const ZERO: Readonly<Measure> = { depth: 0, aliases: 0, fields: 0, directives: 0, cost: 0 };

function fieldDefinition(
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** The argument that makes a field a name search over the register (`organizations(search:)`). */
const SEARCH_ARGUMENT = 'search';

/**
 * Measures a validated operation, fragments expanded. Cost: every field costs 1 (`__typename` 0), and a
 * field given a `search` argument `searchCost`: a name search is CPU work in the gateway itself, up to
 * its bounds the work of hundreds of ordinary fields, and aliases multiply it like anything else. A
 * list field's sub-selection cost is multiplied by the items it can return: for a list directly under
 * a paginated field (`edges`), that field's `first` (literal, variable or schema default, clamped to
 * 1..`MAX_PAGE_SIZE`, the resolvers' own rule: a larger `first` is refused as BAD_USER_INPUT before
 * any upstream call, so it must not be reported as a cost problem instead); for any other list,
 * `costListSize`. `totalCount` beside a page costs 1.
 * Introspection (`__schema`, `__type`) counts as one field: graphql-js bounds its depth.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  costListSize: number,
  searchCost = 1,
): OperationMeasures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, Measure>();

  const pageSize = (
    field: GraphQLField<unknown, unknown>,
    args: readonly ArgumentNode[] | undefined,
  ): number | undefined => {
    const def = field.args.find((a) => a.name === 'first');
    if (def === undefined) return undefined;
    const node = args?.find((a) => a.name.value === 'first');
    let value: unknown = def.defaultValue;
    if (node !== undefined) value = valueFromAST(node.value, def.type, variables ?? {});
    if (node?.value.kind === Kind.VARIABLE && value === undefined) {
      const definition = operation.variableDefinitions?.find(
        (v) => node.value.kind === Kind.VARIABLE && v.variable.name.value === node.value.name.value,
      );
      if (definition?.defaultValue) value = valueFromAST(definition.defaultValue, def.type);
    }
    return typeof value === 'number' && Number.isFinite(value)
      ? Math.min(Math.max(Math.trunc(value), 1), MAX_PAGE_SIZE)
      : MAX_PAGE_SIZE;
  };

  // `page`: the `first` of the field this selection set belongs to, which sizes its list children.
  const measure = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    page: number | undefined,
  ): Measure => {
    const m: Measure = { ...ZERO };
    const add = (child: Measure, directives: number) => {
      m.depth = Math.max(m.depth, child.depth);
      m.aliases += child.aliases;
      m.fields += child.fields;
      m.directives += child.directives + directives;
      m.cost += child.cost;
    };
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          const name = selection.name.value;
          const field = fieldDefinition(parent, name);
          const typename = name === TypeNameMetaFieldDef.name;
          // Introspection is bounded by graphql-js's MaxIntrospectionDepthRule and reaches no upstream.
          if (name === SchemaMetaFieldDef.name || name === TypeMetaFieldDef.name) {
            m.fields += 1;
            m.depth = Math.max(m.depth, 1);
            m.cost += 1;
            break;
          }
          const isList = field !== undefined && isListType(getNullableType(field.type));
          const child = selection.selectionSet
            ? measure(
                selection.selectionSet,
                field ? getNamedType(field.type) : undefined,
                field ? pageSize(field, selection.arguments) : undefined,
              )
            : ZERO;
          const items = isList ? (page ?? costListSize) : 1;
          const search =
            field?.args.some((a) => a.name === SEARCH_ARGUMENT) === true &&
            selection.arguments?.some((a) => a.name.value === SEARCH_ARGUMENT) === true;
          m.depth = Math.max(m.depth, 1 + child.depth);
          m.aliases += child.aliases + (selection.alias && !typename ? 1 : 0);
          m.fields += typename ? 0 : 1;
          m.directives += child.directives + (selection.directives?.length ?? 0);
          m.cost += (typename ? 0 : search ? searchCost : 1) + items * child.cost;
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          add(measure(selection.selectionSet, type ?? undefined, page), selection.directives?.length ?? 0);
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const fragment = fragments.get(selection.name.value);
          if (fragment === undefined) break;
          const key = `${fragment.name.value}\u0000${String(page)}`;
          let child = memo.get(key);
          if (child === undefined) {
            // A cycle (refused by validation before this runs) measures as empty rather than looping.
            memo.set(key, { ...ZERO });
            const type = schema.getType(fragment.typeCondition.name.value) ?? undefined;
            child = measure(fragment.selectionSet, type, page);
            child.directives += fragment.directives?.length ?? 0;
            memo.set(key, child);
          }
          add(child, selection.directives?.length ?? 0);
          break;
        }
      }
    }
    return m;
  };

  const root = measure(
    operation.selectionSet,
    schema.getRootType(operation.operation) ?? undefined,
    undefined,
  );
  return {
    depth: root.depth,
    aliases: root.aliases,
    rootFields: root.fields,
    directives: root.directives + (operation.directives?.length ?? 0),
    cost: root.cost,
  };
}

/** Checks a validated operation against the limits; the first limit exceeded is reported. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  limits: OperationLimits,
): GraphQLError | undefined {
  const m = measureOperation(schema, document, operation, variables, limits.costListSize, limits.costSearch);
  if (m.depth > limits.maxDepth)
    return rejection(
      LimitCode.MAX_DEPTH,
      `The query is ${m.depth} fields deep; the limit is ${limits.maxDepth}.`,
      limits.maxDepth,
      m.depth,
    );
  if (m.aliases > limits.maxAliases)
    return rejection(
      LimitCode.MAX_ALIASES,
      `The query uses ${m.aliases} aliases; the limit is ${limits.maxAliases} (aliases of __typename are not counted).`,
      limits.maxAliases,
      m.aliases,
    );
  if (m.rootFields > limits.maxRootFields)
    return rejection(
      LimitCode.MAX_ROOT_FIELDS,
      `The query selects ${m.rootFields} root fields; the limit is ${limits.maxRootFields}.`,
      limits.maxRootFields,
      m.rootFields,
    );
  if (m.directives > limits.maxDirectives)
    return rejection(
      LimitCode.MAX_DIRECTIVES,
      `The query uses ${m.directives} directives; the limit is ${limits.maxDirectives}.`,
      limits.maxDirectives,
      m.directives,
    );
  if (m.cost > limits.maxCost)
    return rejection(
      LimitCode.MAX_COST,
      `The query's estimated cost is ${m.cost}; the limit is ${limits.maxCost}. ` +
        'Ask for smaller pages with `first`, or split the query.',
      limits.maxCost,
      m.cost,
    );
  return undefined;
}
