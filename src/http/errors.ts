import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode, GatewayError } from '../domain/errors.js';
import { quoteInput, showInvisible } from '../domain/quote.js';
import type { Logger } from '../log.js';
import { LIMIT_CODES } from './limits.js';

/** Apollo's own codes, which pass through unchanged (their messages are about the client's request). */
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...LIMIT_CODES,
]);

/** A double-quoted piece of a library's message: graphql-js and Apollo Server quote client input so. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** Apollo Server's sentence for an `operationName` the document does not define. */
const UNKNOWN_OPERATION = /^Unknown operation named "([\s\S]*)"\.$/;

/**
 * A message of Apollo Server or graphql-js, which may quote client input (an unknown operation name, a
 * variable's value) whole: each quoted string is quoted again as `quoteInput` quotes input (short,
 * escaped), and nothing invisible is left anywhere, so the message is well-formed Unicode and cannot
 * inject a line or reorder text.
 */
function requote(message: string): string {
  // Apollo Server quotes an operation name raw, without escaping: the whole rest is the name.
  const unknown = UNKNOWN_OPERATION.exec(message);
  if (unknown?.[1] !== undefined) return `Unknown operation named ${quoteInput(unknown[1])}.`;
  const quoted = message.replace(QUOTED, (literal) => {
    try {
      const value: unknown = JSON.parse(literal);
      return typeof value === 'string' ? quoteInput(value) : literal;
    } catch {
      return literal; // not JSON: its invisible characters are escaped below
    }
  });
  // Apollo Server ends some sentences with a line break (CSRF prevention's): it is not input.
  return showInvisible(quoted.trimEnd());
}

/**
 * An error Apollo Server made for a malformed request without giving it a code (a persisted query of
 * an unknown version, or whose hash does not match its query): it sets only an HTTP status of 4xx.
 */
function isUncodedRequestError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || error.originalError !== undefined) return false;
  if (error.extensions['code'] !== undefined) return false;
  const status = (error.extensions['http'] as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Shapes every error a client sees (docs/errors.md): our `GatewayError`s keep their sentence,
 * code and client-safe details; Apollo's request errors pass through, client input in them quoted
 * short and escaped, and one Apollo made without a code is a `BAD_REQUEST`; anything else is masked as
 * `Unexpected error.` and logged in full, so no upstream URL, header or body can leak. Every message
 * is well-formed Unicode with nothing invisible in it.
 */
export function createFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = {
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
    };
    if (original instanceof GatewayError) {
      return {
        message: showInvisible(original.message),
        ...where,
        extensions: { code: original.code, ...original.details },
      };
    }
    const code = formatted.extensions?.['code'];
    if (
      typeof code === 'string' &&
      APOLLO_CODES.has(code) &&
      !(original instanceof Error && !(original instanceof GraphQLError))
    ) {
      const extensions = { ...formatted.extensions };
      delete extensions['stacktrace'];
      return { ...formatted, message: requote(formatted.message), extensions };
    }
    // A client's mistake, not a bug: no log line, no stack.
    if (isUncodedRequestError(original)) {
      return { message: requote(original.message), ...where, extensions: { code: 'BAD_REQUEST' } };
    }
    log.error('unexpected error', {
      error:
        original instanceof Error
          ? { name: original.name, message: original.message, stack: original.stack }
          : String(original),
      path: formatted.path,
    });
    return { message: 'Unexpected error.', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
