import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeText, writableEncoding } from '../../src/replay/charset.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { rawRequest } from './helpers.js';

/**
 * The `charset` fault: the route's answer re-encoded into a named encoding and declared so, as a publisher
 * serving ISO-8859-1, windows-1251 or UTF-16 would send it.
 */

const EXAMPLE_OCID = 'ocds-213czf-000-00001';
let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await server.close();
});

const get = (path: string, headers?: Record<string, string>) =>
  rawRequest(`${server.url}${path}`, headers ? { headers } : {});

describe('encodeText', () => {
  it('writes single-byte encodings through their own table, and UTF-16 either way with its mark', () => {
    expect([...encodeText('SECRETARÍA — €', 'windows-1252', false)]).toEqual([
      0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0x41, 0x52, 0xcd, 0x41, 0x20, 0x97, 0x20, 0x80,
    ]);
    expect([...encodeText('Сан', 'windows-1251', false)]).toEqual([0xd1, 0xe0, 0xed]);
    expect([...encodeText('Ө', 'utf-16be', true)]).toEqual([0xfe, 0xff, 0x04, 0xe8]);
    expect([...encodeText('Ө', 'utf-16le', true)]).toEqual([0xff, 0xfe, 0xe8, 0x04]);
    // A character the encoding lacks becomes "?".
    expect(encodeText('Өa', 'iso-8859-2', false).toString('latin1')).toBe('?a');
  });

  it('knows which encodings it can write', () => {
    expect(writableEncoding('ISO-8859-1')).toBe('windows-1252');
    expect(writableEncoding('cp1251')).toBe('windows-1251');
    expect(writableEncoding('shift_jis')).toBeNull();
    expect(writableEncoding('x-unknown')).toBeNull();
  });
});

describe('the charset fault', () => {
  it('serves the answer in the named encoding, declared in Content-Type', async () => {
    const plain = await get(`/ocds/records/${EXAMPLE_OCID}`);
    server.faults.set('/ocds/records', { kind: 'charset', charset: 'windows-1251' });
    const recoded = await get(`/ocds/records/${EXAMPLE_OCID}`);
    expect(recoded.status).toBe(200);
    expect(recoded.headers['content-type']).toBe('application/json; charset=windows-1251');
    expect(Number(recoded.headers['content-length'])).toBe(recoded.body.length);
    expect(recoded.headers.etag).toBe(`W/${String(plain.headers.etag)}`);
    // The OCDS example is ASCII but for a few characters: the same text, in other bytes.
    expect(new TextDecoder('windows-1251').decode(recoded.body)).toBe(plain.body.toString('utf8'));
  });

  it('puts a mark first when asked, and sends any label given', async () => {
    server.faults.set('/ocds/records', { kind: 'charset', charset: 'utf-16le', bom: true, label: 'x-odd' });
    const res = await get(`/ocds/records/${EXAMPLE_OCID}`);
    expect(res.headers['content-type']).toBe('application/json; charset=x-odd');
    expect([...res.body.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x7b, 0x00]); // mark, then "{"
  });

  it('refuses an encoding it cannot write, or a label that is not a token, when it is set', () => {
    expect(() => server.faults.set('/ocds', { kind: 'charset', charset: 'shift_jis' })).toThrow(
      'A charset fault\'s "charset" must be UTF-8, UTF-16 or a single-byte encoding',
    );
    expect(() => server.faults.set('/ocds', { kind: 'charset', charset: 'utf-8', label: 'a b' })).toThrow(
      'must be a token',
    );
  });
});
