import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../src/domain/index.js';
import { createFormatError } from '../../src/http/errors.js';
import type { Logger } from '../../src/log.js';

function capture(): { log: Logger; errors: unknown[] } {
  const errors: unknown[] = [];
  const noop = () => {};
  return { errors, log: { debug: noop, info: noop, warn: noop, error: (_m, f) => errors.push(f) } };
}

describe('formatError', () => {
  it('keeps a GatewayError message, code and client-safe details', () => {
    const { log } = capture();
    const err = new GraphQLError('x', {
      path: ['a'],
      originalError: new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Down.', {
        source: 'PROCUREMENT',
        upstreamStatus: 503,
      }),
    });
    expect(createFormatError(log)({ message: 'x', path: ['a'] }, err)).toEqual({
      message: 'Down.',
      path: ['a'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', source: 'PROCUREMENT', upstreamStatus: 503 },
    });
  });

  it('masks an unexpected error and logs it in full', () => {
    const { log, errors } = capture();
    const secret = new Error('connect ECONNREFUSED http://user:pw@upstream.invalid/x');
    const err = new GraphQLError(secret.message, { path: ['b'], originalError: secret });
    const out = createFormatError(log)(
      { message: secret.message, path: ['b'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      err,
    );
    expect(out).toEqual({
      message: 'Unexpected error.',
      path: ['b'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(errors)).toContain('ECONNREFUSED');
  });

  it('passes Apollo request errors through without a stack trace', () => {
    const { log } = capture();
    const out = createFormatError(log)(
      {
        message: 'Syntax Error: Expected Name.',
        extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['at x'] },
      },
      new GraphQLError('Syntax Error: Expected Name.'),
    );
    expect(out).toEqual({
      message: 'Syntax Error: Expected Name.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });
});
