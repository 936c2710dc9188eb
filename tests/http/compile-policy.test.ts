import { parse } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../src/context.js';
import { COMPILE_AFTER_RUNS, createExecutor } from '../../src/http/execute.js';

/** When the compiled executor compiles a document (src/http/execute.ts): after its first runs. */
function harness(compileAfter?: number) {
  const schema = makeExecutableSchema({
    typeDefs: 'type Query { one: Int, two: Int }',
    resolvers: { Query: { one: () => 1, two: () => 2 } },
  });
  const ran: string[] = [];
  const executor = createExecutor(schema, 'compiled', (by) => ran.push(by), compileAfter);
  const documents = new Map<string, ReturnType<typeof parse>>();
  const send = async (query: string): Promise<unknown> => {
    // Apollo hands back one document object per query text; so does this.
    let document = documents.get(query);
    if (document === undefined) documents.set(query, (document = parse(query)));
    const result = await executor({
      document,
      request: { query, variables: {} },
      operation: document.definitions[0],
      context: {} as GatewayContext,
    } as unknown as Parameters<typeof executor>[0]);
    return result.data;
  };
  return { ran, send };
}

describe('when a document is compiled', () => {
  it('runs a document through graphql-js for its first runs, then from its plan; each document apart', async () => {
    const h = harness(3);
    for (let i = 0; i < 5; i++) expect(await h.send('{ one }')).toEqual({ one: 1 });
    expect(await h.send('{ two }')).toEqual({ two: 2 });
    expect(h.ran).toEqual([
      'interpreted',
      'interpreted',
      'interpreted',
      'compiled',
      'compiled',
      // Another document starts over.
      'interpreted',
    ]);
  });

  it('never compiles a document with @skip or @include, however often it runs', async () => {
    const h = harness(1);
    const query = '{ one two @skip(if: true) }';
    for (let i = 0; i < 4; i++) expect(await h.send(query)).toEqual({ one: 1 });
    expect(h.ran).toEqual(['interpreted', 'interpreted', 'interpreted', 'interpreted']);
  });

  it('compiles at the second run with 1, at the first with 0', async () => {
    const second = harness(1);
    for (let i = 0; i < 3; i++) await second.send('{ one }');
    expect(second.ran).toEqual(['interpreted', 'compiled', 'compiled']);
    const first = harness(0);
    for (let i = 0; i < 2; i++) await first.send('{ one }');
    expect(first.ran).toEqual(['compiled', 'compiled']);
  });

  it(`compiles at the run after the first ${COMPILE_AFTER_RUNS} by default`, async () => {
    const h = harness();
    for (let i = 0; i <= COMPILE_AFTER_RUNS; i++) await h.send('{ one }');
    expect(h.ran.filter((by) => by === 'interpreted')).toHaveLength(COMPILE_AFTER_RUNS);
    expect(h.ran.at(-1)).toBe('compiled');
  });
});
