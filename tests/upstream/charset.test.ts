import { describe, expect, it } from 'vitest';
import { BodyDecoder, charsetLabel, decodeBody, utf8Body } from '../../src/upstream/charset.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { parseJson, text } from '../../src/upstream/response.js';

/**
 * Upstream bodies in the character encoding they come in: a byte-order mark, else the `charset` of
 * `Content-Type`, else UTF-8; a mark is never part of the text; a label the gateway cannot read is
 * UPSTREAM_INVALID naming it; a character split across chunks is decoded whole.
 */

const JSON_IN = (charset: string) => `application/json; charset=${charset}`;

/** "SECRETARÍA" in ISO-8859-1 (Í is 0xCD). */
const LATIN1 = Buffer.from([0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0x41, 0x52, 0xcd, 0x41]);
/** "Сангийн яам" ("Ministry of Finance") in windows-1251. */
const CP1251 = Buffer.from([0xd1, 0xe0, 0xed, 0xe3, 0xe8, 0xe9, 0xed, 0x20, 0xff, 0xe0, 0xec]);

/** Every chunking of `bytes` into two pieces, for the decoders that see a body arrive. */
function splits(bytes: Buffer): Buffer[][] {
  return Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.subarray(0, i), bytes.subarray(i)]);
}

/** `parts` as a body arriving chunk by chunk. */
function chunks(parts: readonly Buffer[]): AsyncIterable<Buffer> {
  return (async function* () {
    for (const part of parts) yield await Promise.resolve(part);
  })();
}

async function utf8Of(parts: readonly Buffer[], contentType: string | undefined): Promise<string> {
  const out: Buffer[] = [];
  for await (const piece of utf8Body('PROCUREMENT', chunks(parts), contentType)) out.push(piece);
  return Buffer.concat(out).toString('utf8');
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('charsetLabel', () => {
  it('reads the charset parameter in any case, quoted or not, and null without one', () => {
    expect(charsetLabel('application/json; charset=ISO-8859-1')).toBe('ISO-8859-1');
    expect(charsetLabel('application/json;CHARSET="windows-1251" ; q=1')).toBe('windows-1251');
    expect(charsetLabel('application/json')).toBeNull();
    expect(charsetLabel('application/json; charset=')).toBeNull();
    expect(charsetLabel(undefined)).toBeNull();
  });
});

describe('decodeBody', () => {
  it('reads ISO-8859-1 and windows-1251 as declared', () => {
    expect(decodeBody('PROCUREMENT', LATIN1, JSON_IN('iso-8859-1'))).toBe('SECRETARÍA');
    expect(decodeBody('PROCUREMENT', LATIN1, JSON_IN('latin1'))).toBe('SECRETARÍA');
    expect(decodeBody('PROCUREMENT', CP1251, JSON_IN('windows-1251'))).toBe('Сангийн яам');
    expect(decodeBody('PROCUREMENT', CP1251, JSON_IN('cp1251'))).toBe('Сангийн яам');
    // Without a declaration the same bytes are UTF-8, which they are not: replacement characters.
    expect(decodeBody('PROCUREMENT', LATIN1, 'application/json')).toBe('SECRETAR\ufffdA');
  });

  it("reads windows-1252's bytes 0x80-0x9F as the Encoding standard says (euro sign, quotes)", () => {
    const bytes = Buffer.from([0x80, 0x20, 0x93, 0x41, 0x94, 0x20, 0x8a]);
    expect(decodeBody('PROCUREMENT', bytes, JSON_IN('windows-1252'))).toBe('€ “A” Š');
    expect(decodeBody('PROCUREMENT', bytes, JSON_IN('iso-8859-1'))).toBe('€ “A” Š');
  });

  it('reads a UTF-8, UTF-16 LE or UTF-16 BE byte-order mark, and never keeps it in the text', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Өлзий"}')]);
    expect(decodeBody('PROCUREMENT', utf8, 'application/json')).toBe('{"name":"Өлзий"}');
    expect(decodeBody('PROCUREMENT', utf8, JSON_IN('utf-8'))).toBe('{"name":"Өлзий"}');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name":"Өлзий"}', 'utf16le')]);
    expect(decodeBody('PROCUREMENT', le, 'application/json')).toBe('{"name":"Өлзий"}');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"a":"Ө"}', 'utf16le').swap16()]);
    expect(decodeBody('PROCUREMENT', be, undefined)).toBe('{"a":"Ө"}');
    // A mark is unambiguous: it wins over a server's default charset.
    expect(decodeBody('PROCUREMENT', le, JSON_IN('iso-8859-1'))).toBe('{"name":"Өлзий"}');
  });

  it('refuses a label it cannot read with UPSTREAM_INVALID naming it, never reading UTF-8 instead', () => {
    const e = thrown(() => decodeBody('PROCUREMENT', LATIN1, JSON_IN('x-unknown-charset')));
    expect(e).toBeInstanceOf(UpstreamError);
    expect((e as UpstreamError).code).toBe('UPSTREAM_INVALID');
    expect((e as UpstreamError).message).toContain('"x-unknown-charset"');
    // A label the Encoding standard maps to its "replacement" encoding cannot be read either.
    expect(
      (thrown(() => decodeBody('PROCUREMENT', LATIN1, JSON_IN('iso-2022-kr'))) as Error).message,
    ).toContain('"iso-2022-kr"');
    // Anything that is not a label is not repeated.
    const hostile = thrown(() => decodeBody('PROCUREMENT', LATIN1, JSON_IN('"<script>alert(1)</script>"')));
    expect((hostile as UpstreamError).code).toBe('UPSTREAM_INVALID');
    expect((hostile as Error).message).not.toContain('script');
  });
});

describe('the body readers', () => {
  it('parseJson reads JSON in its declared charset', () => {
    const body = Buffer.concat([Buffer.from('{"name":"'), LATIN1, Buffer.from('"}')]);
    expect(parseJson('PROCUREMENT', body, { 'content-type': JSON_IN('iso-8859-1') })).toEqual({
      name: 'SECRETARÍA',
    });
    const e = thrown(() => parseJson('PROCUREMENT', body, { 'content-type': JSON_IN('x-nope') }));
    expect((e as UpstreamError).code).toBe('UPSTREAM_INVALID');
  });

  it('text reads an HTML page in its declared charset', () => {
    expect(text(CP1251, { 'content-type': 'text/html; charset=windows-1251' }, 'REGISTRY')).toBe(
      'Сангийн яам',
    );
  });
});

describe('BodyDecoder', () => {
  const decodeIn = (parts: readonly Buffer[], contentType: string | undefined) => {
    const decoder = new BodyDecoder('PROCUREMENT', contentType);
    return parts.map((p) => decoder.write(p)).join('') + decoder.end();
  };

  it('decodes a multi-byte character split across two chunks whole, at every split', () => {
    const utf8 = Buffer.from('Өлзий 𝔸');
    for (const parts of splits(utf8)) expect(decodeIn(parts, 'application/json')).toBe('Өлзий 𝔸');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Өлзий 𝔸', 'utf16le')]);
    for (const parts of splits(le)) expect(decodeIn(parts, undefined)).toBe('Өлзий 𝔸');
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    for (const parts of splits(bom8)) expect(decodeIn(parts, JSON_IN('utf-8'))).toBe('Өлзий 𝔸');
  });

  it('says which encoding it chose once it has seen the first bytes', () => {
    const decoder = new BodyDecoder('PROCUREMENT', JSON_IN('cp1251'));
    expect(decoder.encoding).toBeNull();
    decoder.write(CP1251);
    expect(decoder.encoding).toBe('windows-1251');
  });

  it('refuses a label it cannot read when it is made', () => {
    expect((thrown(() => new BodyDecoder('PROCUREMENT', JSON_IN('klingon'))) as UpstreamError).code).toBe(
      'UPSTREAM_INVALID',
    );
  });

  it('ends an unfinished character as a replacement character', () => {
    expect(decodeIn([Buffer.from([0x41, 0xd3])], undefined)).toBe('A\ufffd');
  });
});

describe('utf8Body', () => {
  it('transcodes a streamed body to UTF-8 at every split, a mark dropped', async () => {
    for (const parts of splits(CP1251))
      expect(await utf8Of(parts, JSON_IN('windows-1251'))).toBe('Сангийн яам');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[{"a":"Өлзий"}]', 'utf16le')]);
    for (const parts of splits(le)) expect(await utf8Of(parts, 'application/json')).toBe('[{"a":"Өлзий"}]');
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]);
    for (const parts of splits(bom8)) expect(await utf8Of(parts, undefined)).toBe('[1]');
  });

  it('passes a UTF-8 body through chunk by chunk, the same buffers', async () => {
    const parts = [Buffer.from('[{"a":'), Buffer.from('"Өлзий"}]')];
    const out: Buffer[] = [];
    for await (const piece of utf8Body('PROCUREMENT', chunks(parts), JSON_IN('utf-8'))) out.push(piece);
    expect(out).toHaveLength(2);
    expect(out[1]).toBe(parts[1]);
    expect(Buffer.concat(out).toString('utf8')).toBe('[{"a":"Өлзий"}]');
  });

  it('leaves a gzip body untouched, whatever it declares', async () => {
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xcd, 0xd1]);
    const out: Buffer[] = [];
    for await (const piece of utf8Body('PROCUREMENT', chunks([gzip]), JSON_IN('windows-1251')))
      out.push(piece);
    expect(Buffer.concat(out)).toEqual(gzip);
  });

  it('decodes a body shorter than a mark, and an empty one', async () => {
    expect(await utf8Of([Buffer.from([0xcd])], JSON_IN('iso-8859-1'))).toBe('Í');
    expect(await utf8Of([], undefined)).toBe('');
  });

  it('refuses a label it cannot read on the first read', async () => {
    await expect(utf8Of([LATIN1], JSON_IN('x-unknown'))).rejects.toMatchObject({
      code: 'UPSTREAM_INVALID',
    });
  });
});
