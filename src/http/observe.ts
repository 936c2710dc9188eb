import type { ApolloServerPlugin } from '@apollo/server';
import { Lexer, Source, TokenKind } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { GatewayContext } from '../context.js';

/**
 * What the GraphQL endpoint tells whoever watches it (metrics, the request log line), without depending
 * on them: how each request ended, and what the whole-response cache answered. See docs/operations.md
 * "Metrics".
 */

/**
 * How a GraphQL request ended: `ok` (data, no errors), `partial` (data with errors), `error` (errors and no
 * data, or a failure of the gateway), `refused` (a 4xx before execution: a bad body, a limit, a query
 * that does not parse or validate) or `cached` (a whole stored answer replayed).
 */
export type Outcome = 'ok' | 'partial' | 'error' | 'refused' | 'cached';

/** One request's end as the endpoint saw it. */
export interface Answered {
  /** The operation's name, `null` when anonymous or unknown (a body that could not be read). */
  readonly operation: string | null;
  readonly outcome: Outcome;
}

/** The endpoint's hooks (`EndpointOptions.observer`). */
export interface EndpointObserver {
  /**
   * Once per request the endpoint answers, when its outcome is known; `client` is who the request was
   * for (an API key's holder, else the client's address).
   */
  answered(req: IncomingMessage, answer: Answered, client: string): void;
  /** What the whole-response cache answered a request it was asked about. */
  responseCache(req: IncomingMessage, state: 'hit' | 'miss'): void;
}

/** A GraphQL name (the form of an operation name); anything else is not repeated in logs or labels. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;

/**
 * The name of the operation a request runs: `operationName` when given, else the name of the document's
 * first operation (read with graphql-js's lexer, which skips comments, only as far as that name), else
 * `null` (anonymous, or not a readable document).
 */
export function operationNameOf(operationName: unknown, query: unknown): string | null {
  if (typeof operationName === 'string' && operationName !== '')
    return NAME.test(operationName) ? operationName : null;
  if (typeof query !== 'string') return null;
  try {
    const lexer = new Lexer(new Source(query));
    let depth = 0;
    let fragment = false;
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (token.kind === TokenKind.BRACE_L) {
        if (depth === 0 && !fragment) return null; // `{ … }`: an anonymous query
        depth += 1;
      } else if (token.kind === TokenKind.BRACE_R) {
        depth -= 1;
        if (depth === 0) fragment = false;
      } else if (depth === 0 && token.kind === TokenKind.NAME) {
        if (token.value === 'fragment') fragment = true;
        else if (!fragment && /^(query|mutation|subscription)$/.test(token.value)) {
          const next = lexer.advance();
          return next.kind === TokenKind.NAME && NAME.test(next.value) ? next.value : null;
        }
      }
    }
  } catch {
    // Not a readable document: Apollo refuses it with its own message.
  }
  return null;
}

/**
 * What the outcome plugin noted of each execution, by its context's freshness collector: Apollo runs an
 * operation on a shallow copy of the context it was given, and the collector is what both share.
 */
const executions = new WeakMap<object, Answered>();

/**
 * Notes, for the endpoint, how each execution ended (`executedAs`): the operation name Apollo resolved
 * and whether the answer had data, errors or both. A plugin sees the result before it is serialised, so
 * the endpoint need not read the response body again.
 */
export function outcomePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response, contextValue, operationName }) => {
          const body = response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const errors = result.errors !== undefined && result.errors.length > 0;
          const data = result.data !== undefined && result.data !== null;
          const name = operationName ?? null;
          executions.set(contextValue.freshness, {
            operation: name !== null && NAME.test(name) ? name : null,
            outcome: !errors ? 'ok' : data ? 'partial' : 'error',
          });
          return Promise.resolve();
        },
      }),
  };
}

/** How the execution with `context` ended, as the outcome plugin noted it. */
export function executedAs(context: GatewayContext | undefined): Answered | undefined {
  return context === undefined ? undefined : executions.get(context.freshness);
}
