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

describe('formatError on client input and uncoded request errors', () => {
  it('answers an error Apollo Server made for a malformed request without a code as BAD_REQUEST, unlogged', () => {
    const { log, errors } = capture();
    const error = new GraphQLError('Unsupported persisted query version', {
      extensions: { http: { status: 400 } },
    });
    const out = createFormatError(log)(
      { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      error,
    );
    expect(out).toEqual({
      message: 'Unsupported persisted query version',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(errors).toEqual([]);
  });

  it('still masks and logs an uncoded error with a 5xx status, or one that wraps a thrown error', () => {
    const { log, errors } = capture();
    const format = createFormatError(log);
    const server = new GraphQLError('boom', { extensions: { http: { status: 500 } } });
    const wrapped = new GraphQLError('boom', {
      originalError: new Error('boom'),
      extensions: { http: { status: 400 } },
    });
    for (const error of [server, wrapped]) {
      expect(
        format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error).extensions,
      ).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
      });
    }
    expect(errors).toHaveLength(2);
  });

  it('quotes client input in pass-through messages short and escaped', () => {
    const { log } = capture();
    const format = createFormatError(log);
    const name = `a"\r\n\u202e${'x'.repeat(100)}`;
    const unknown = format(
      { message: `Unknown operation named "${name}".`, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
      new GraphQLError(`Unknown operation named "${name}".`),
    );
    expect(unknown.message).toBe(`Unknown operation named "a\\"\\r\\n\\u202e${'x'.repeat(35)}"….`);
    const variable = `Variable "$v" got invalid value ${JSON.stringify(`\u2066${'y'.repeat(50)}`)}; Int cannot represent it.`;
    const coerced = format(
      { message: variable, extensions: { code: 'BAD_USER_INPUT' } },
      new GraphQLError(variable),
    );
    expect(coerced.message).toBe(
      `Variable "$v" got invalid value "\\u2066${'y'.repeat(39)}"…; Int cannot represent it.`,
    );
  });
});
