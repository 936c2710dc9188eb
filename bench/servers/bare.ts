/**
 * The bare-HTTP limit: a node:http server that answers each request body with the bytes the gateway
 * answered for it (recorded at warm-up), without parsing, validating or executing anything.
 */
import { listen, readAll, type BenchServer } from './listen.js';

export async function startBareServer(responses: ReadonlyMap<string, Buffer>): Promise<BenchServer> {
  const fallback = responses.values().next().value ?? Buffer.from('{}');
  return listen((req, res) => {
    readAll(req).then(
      (body) => {
        const bytes = responses.get(body.toString('utf8')) ?? fallback;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
        res.end(bytes);
      },
      () => res.destroy(),
    );
  });
}
