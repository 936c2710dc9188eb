/** A minimal node:http front for an Apollo Server 5 instance, like `startStandaloneServer` without extras. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { makeExecutableSchema, type IExecutableSchemaDefinition } from '@graphql-tools/schema';
import { listen, readAll, type BenchServer } from './listen.js';
import { PLAIN_SDL } from './ocds.js';

/**
 * Starts Apollo Server 5 over `PLAIN_SDL` with these resolvers, behind node:http; `context` makes each
 * request's context (its DataLoaders, say).
 */
export async function startApolloHttp<C extends BaseContext = BaseContext>(
  resolvers: NonNullable<IExecutableSchemaDefinition<C>['resolvers']>,
  context: () => C = () => ({}) as C,
): Promise<BenchServer> {
  const apollo = new ApolloServer<C>({
    schema: makeExecutableSchema({ typeDefs: PLAIN_SDL, resolvers }),
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  await apollo.start();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const raw = await readAll(req);
    const body: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => Promise.resolve(context()),
    });
    for (const [name, value] of result.headers) res.setHeader(name, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
  const server = await listen((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await apollo.stop();
    },
  };
}
