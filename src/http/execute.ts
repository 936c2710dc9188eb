import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  execute,
  visit,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context.js';

/**
 * How operations are executed once Apollo Server has parsed and validated them: compiled by graphql-jit
 * into one JavaScript function per document (`compiled`, the default), or walked by graphql-js
 * (`interpreted`). A plan pays for itself only when its document is run often: compiling one, and V8
 * parsing and optimising the function it makes, costs more than a run of a small document through
 * graphql-js, and a plan saves a fraction of a run. So a document runs through graphql-js for its first
 * `EXECUTION_COMPILE_AFTER` runs (10 by default) and is compiled at the next: the queries an app sends
 * over and over are compiled within seconds, and a flood of varied queries, each sent a few times, costs
 * no compilation (with plans made at every document's second run, the 1,000-distinct-queries bench ran
 * at 0.63-0.76 of interpreted execution's rate, bench/RESULTS.md notes). Plans are kept per document in a
 * bounded LRU. Documents with `@skip` or `@include` run through graphql-js (`hasConditions`).
 *
 * Apollo Server 5 takes an executor other than graphql-js's only through its `gateway` option, whose
 * interface this implements for one fixed schema: everything before execution (parsing, validation,
 * the limits, plugins, error formatting, freshness) is Apollo's own pipeline, unchanged.
 *
 * graphql-js stays the reference: anything graphql-jit cannot compile is executed by graphql-js, and so
 * is a request whose variables the plan refuses (graphql-js then says why, with the codes and status
 * Apollo gives variable errors). tests/graph/execution.test.ts runs the example and reliability queries
 * both ways and compares the answers.
 */
export type ExecutionMode = 'compiled' | 'interpreted';

/** Plans kept: distinct documents are few in practice (apps send a handful; analysts a few hundred). */
const MAX_PLANS = 1000;
/** And at most this many characters of query text among the documents planned (the body cap is 256 KiB). */
const MAX_PLANNED_CHARACTERS = 4 * 1024 * 1024;

type Gateway = ApolloServerOptionsWithGateway<GatewayContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/**
 * What was learnt of a document: its compiled plan; that graphql-js must run it; or how many times
 * graphql-js has run it so far (it is compiled once that reaches the threshold).
 */
type Plan = CompiledQuery | 'interpreted' | { runs: number };

/** Runs through graphql-js before a document is compiled, by default (`EXECUTION_COMPILE_AFTER`). */
export const COMPILE_AFTER_RUNS = 10;

/**
 * Whether graphql-jit 0.8 would run `document` differently from graphql-js: it keeps `@skip` and
 * `@include` conditions on the document's own field nodes, and a fragment spread where they differ (or
 * twice in one selection, one of them skipped) loses its fields. Such documents run through graphql-js.
 */
function hasConditions(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The executor for `schema` in `mode`, with the plan cache behind it. */
export function createExecutor(
  schema: GraphQLSchema,
  mode: ExecutionMode,
  /** Told which executor ran each operation (the metric `tg_graphql_executions_total`). */
  onExecuted: (executor: 'compiled' | 'interpreted') => void = () => {},
  /** Runs through graphql-js before a document is compiled at its next run (0: compiled at its first). */
  compileAfterRuns: number = COMPILE_AFTER_RUNS,
): Executor {
  // Keyed by the document object: Apollo keeps one parsed, validated document per query text in its
  // own bounded store, so a repeated query hands back the same object; each document's operations apart.
  const plans = new LRUCache<DocumentNode, Map<string, Plan>>({
    max: MAX_PLANS,
    maxSize: MAX_PLANNED_CHARACTERS,
    sizeCalculation: (_plans, document) => Math.max(1, document.loc?.end ?? 1),
  });

  const interpret = (
    document: DocumentNode,
    context: GatewayContext,
    variables: Record<string, unknown> | undefined,
    operationName: string | null,
  ): Promise<ExecutionResult> | ExecutionResult => {
    onExecuted('interpreted');
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
  };

  const planOf = (document: DocumentNode, operationName: string | null): Plan => {
    let byName = plans.get(document);
    if (byName === undefined) plans.set(document, (byName = new Map()));
    const name = operationName ?? '';
    let plan = byName.get(name);
    if (plan === undefined) {
      plan = hasConditions(document) ? 'interpreted' : { runs: 0 };
      byName.set(name, plan);
    }
    if (typeof plan === 'object' && 'runs' in plan && plan.runs >= compileAfterRuns) {
      let compiled: CompiledQuery | ExecutionResult | undefined;
      try {
        compiled = compileQuery<Record<string, unknown>, Record<string, unknown>>(
          schema,
          document,
          operationName ?? undefined,
          {
            // Apollo formats and serializes the answer itself; errors carry no compile-time stacks.
            disablingCapturingStackErrors: true,
          },
        );
      } catch {
        compiled = undefined; // a construct the compiler does not handle: graphql-js runs it
      }
      plan = compiled !== undefined && isCompiledQuery(compiled) ? compiled : 'interpreted';
      byName.set(name, plan);
    }
    return plan;
  };

  const run: Executor = async (request) => {
    const { document } = request;
    // The name the client sent, as graphql-js's executor is given it: Apollo's resolved name is null for
    // a name that resolves to no operation, and a document of one operation would then run that one.
    const operationName = request.request.operationName ?? null;
    const context = request.context as GatewayContext;
    const variables = request.request.variables;
    // No operation resolved (an unknown name, or none for several): graphql-js says which, as Apollo expects.
    const resolved = (request.operation as typeof request.operation | undefined) !== undefined;
    if (mode === 'interpreted' || !resolved) return interpret(document, context, variables, operationName);
    const plan = planOf(document, operationName);
    if (plan === 'interpreted') return interpret(document, context, variables, operationName);
    if ('runs' in plan) {
      plan.runs += 1;
      return interpret(document, context, variables, operationName);
    }
    const result = await plan.query(undefined, context, variables);
    // Refused before anything ran (its variables): graphql-js's own words and Apollo's status for them.
    if (result.data === undefined && (result.errors?.length ?? 0) > 0) {
      return interpret(document, context, variables, operationName);
    }
    onExecuted('compiled');
    return result.errors === undefined ? result : { ...result, errors: result.errors.map(asGraphqlJsError) };
  };
  return run;
}

/**
 * graphql-jit's error as graphql-js makes it: graphql-jit's own leaves `extensions` undefined where
 * graphql-js gives `{}`, which Apollo Server reads; path, locations and the original error are kept.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    ...(error.extensions === undefined ? {} : { extensions: error.extensions }),
  });
  // Locations come from graphql-jit already computed; graphql-js would compute them from the nodes.
  if (error.locations !== undefined) (made as { locations: unknown }).locations = error.locations;
  return made;
}

/**
 * Apollo Server's `gateway` option for one fixed schema executed by `executor`: the schema is handed over
 * once at start, and never changes.
 */
export function fixedSchemaGateway(schema: GraphQLSchema, executor: Executor): Gateway {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: () => Promise.resolve({ executor }),
    stop: () => Promise.resolve(),
  };
}
