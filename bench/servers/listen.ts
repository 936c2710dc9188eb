import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comparison server on a loopback ephemeral port. */
export interface BenchServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:43567/graphql`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0, and returns the endpoint URL and a closer. */
export async function listen(handler: RequestListener): Promise<BenchServer> {
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The whole request body. */
export async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
