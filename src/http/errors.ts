import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode, GatewayError } from '../domain/errors.js';
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

/** A surrogate code unit not part of a pair (with the `u` flag, a pair is one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * A message as well-formed Unicode: a lone surrogate (client text cut inside a pair, or echoed from
 * a `\uD800` escape) becomes U+FFFD, so the response is valid UTF-8 for every client.
 */
function wellFormed(message: string): string {
  return message.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Shapes every error a client sees (docs/errors.md): our `GatewayError`s keep their sentence,
 * code and client-safe details; Apollo's request errors pass through; anything else is masked as
 * `Unexpected error.` and logged in full, so no upstream URL, header or body can leak. Every message
 * is well-formed Unicode.
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
        message: wellFormed(original.message),
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
      return { ...formatted, message: wellFormed(formatted.message), extensions };
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
