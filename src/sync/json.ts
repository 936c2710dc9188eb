/**
 * Reads a streamed body whole (a page is bounded by the download's byte cap) and parses it as JSON. A
 * download's body is UTF-8 by then, whatever encoding the upstream declared (`DownloadSpec.parse`).
 */
export async function readJson(body: AsyncIterable<Buffer>): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
}
