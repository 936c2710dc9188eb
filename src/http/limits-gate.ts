import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { OperationLimits } from '../config.js';
import { jsonEscapesLoneSurrogate } from './body.js';
import { checkOperation, checkSource, type LimitError } from './limits.js';

/**
 * Where the operation limits of `limits.ts` are enforced: on the query text before Apollo Server parses
 * it (`checkRequestSource`, called by the endpoint), and on the validated operation before execution
 * (`operationLimitsPlugin`). See docs/reliability.md.
 */

/** A document-limit rejection as the HTTP layer sends it. */
export interface SourceRejection {
  readonly status: 400;
  readonly body: { readonly errors: readonly GraphQLFormattedError[] };
}

/**
 * Checks the query of a GraphQL-over-HTTP request (a JSON body's `query`, or `?query=` of a GET)
 * before Apollo Server parses it. This runs in front of Apollo because its pipeline answers an error
 * thrown by a plugin before parsing (`didResolveSource`) with a 500. Batches (arrays) are left to
 * Apollo, which refuses them. A GET's JSON parameters (`variables`, `extensions`) that escape a lone
 * surrogate are refused as BAD_REQUEST, as the same text in a POST body is (`parseJsonBody`).
 */
export function checkRequestSource(
  method: string,
  body: unknown,
  search: URLSearchParams,
  limits: OperationLimits,
  /** Told of every limit exceeded in `warn` mode (which then lets the operation run). */
  onWarn: (error: LimitError) => void = () => {},
): SourceRejection | undefined {
  if (method === 'GET') {
    for (const name of ['variables', 'extensions']) {
      if (!jsonEscapesLoneSurrogate(search.get(name) ?? '')) continue;
      const message = `The ${name} parameter escapes a lone UTF-16 surrogate (e.g. "\\uD800"); text must be valid Unicode.`;
      return { status: 400, body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } };
    }
  }
  const query =
    method === 'GET'
      ? search.get('query')
      : typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as { query?: unknown }).query
        : undefined;
  if (typeof query !== 'string') return undefined;
  let error = checkSource(query, limits);
  if (error === undefined) return undefined;
  if (limits.mode === 'warn') {
    onWarn(error);
    // Only the bracket nesting that would overflow the parser is refused in any mode.
    error = checkSource(query, { ...limits, maxCharacters: Infinity, maxTokens: Infinity });
    if (error === undefined) return undefined;
  }
  const { code, limit, measured } = error.extensions;
  return {
    status: 400,
    body: { errors: [{ message: error.message, extensions: { code, limit, measured } }] },
  };
}

/**
 * Enforces the structural limits on every operation after validation and before execution.
 * Rejections are HTTP 400 with the limit's code and the limit and measured value in `extensions`.
 */
export function operationLimitsPlugin(
  limits: OperationLimits,
  /** Told of every limit exceeded in `warn` mode (which then lets the operation run). */
  onWarn: (error: LimitError) => void = () => {},
): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request }) {
          // Without an operation, execution reports OPERATION_RESOLUTION_FAILURE.
          if (operation === undefined) return Promise.resolve();
          const error = checkOperation(schema, document, operation, request.variables, limits);
          if (error === undefined) return Promise.resolve();
          if (limits.mode === 'warn') {
            onWarn(error);
            return Promise.resolve();
          }
          return Promise.reject(error);
        },
      });
    },
  };
}
