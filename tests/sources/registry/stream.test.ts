import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonArray, readJsonLines } from '../../../src/sources/registry/stream.js';

/** The bytes cut at `cuts` (offsets), as a stream delivers them. */
function chunked(bytes: Buffer, cuts: readonly number[] = []): AsyncIterable<Buffer> {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    pieces.push(bytes.subarray(at, cut));
    at = cut;
  }
  pieces.push(bytes.subarray(at));
  return (async function* () {
    for (const piece of pieces) yield await Promise.resolve(piece);
  })();
}

async function array(text: string, cuts?: readonly number[], max?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  await readJsonArray(chunked(Buffer.from(text, 'utf8'), cuts), (v) => out.push(v), max);
  return out;
}

async function lines(text: string, cuts?: readonly number[], max?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  await readJsonLines(chunked(Buffer.from(text, 'utf8'), cuts), (v) => out.push(v), max);
  return out;
}

const flatRecord = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 5 },
);
const record = fc.oneof(
  flatRecord,
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 })),
);

describe('readJsonArray', () => {
  it('reads the same objects as JSON.parse however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }),
        async (records, pretty, cuts) => {
          const text = JSON.stringify(records, null, pretty ? 2 : undefined);
          expect(await array(text, cuts)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts multi-byte characters, escapes and braces inside strings anywhere', async () => {
    const records = [
      { 'Оноосон нэр': 'Говийн "Б" хэсэг {}[],\\', n: '2657457' },
      { 'Оноосон нэр': 'Ё\u2028\ud83d\ude00', x: { nested: [1, { a: '}' }] } },
    ];
    const text = JSON.stringify(records);
    const bytes = Buffer.byteLength(text);
    for (let cut = 1; cut < bytes; cut++) expect(await array(text, [cut])).toEqual(records);
  });

  it('skips a UTF-8 byte-order mark and surrounding whitespace', async () => {
    expect(await array('\ufeff \n[ {"a":1} ,\r\n{"b":2} ]\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await array('[]')).toEqual([]);
  });

  it.each([
    ['', 'the body is empty'],
    ['{"a":1}', 'expected a JSON array, but the body starts with "{"'],
    ['<!DOCTYPE html>', 'expected a JSON array, but the body starts with "<"'],
    ['[1, 2]', 'element 0 is not an object'],
    ['[{"a":1}, "x"]', 'element 1 is not an object'],
    ['[{"a":1},]', 'element 1 is not an object'],
    ['[,{"a":1}]', 'element 0 is not an object'],
    ['[{"a":1} {"b":2}]', 'expected "," or "]" after element 0'],
    ['[{"a":1}', 'the array ends early, after 1 elements (truncated)'],
    ['[{"a":"1', 'the array ends early, after 0 elements (truncated)'],
    ['[{"a":1}] x', 'unexpected "x" after the end of the array'],
    ['[{"a":01}]', 'element 0 is not valid JSON'],
    ["[{'a':1}]", 'element 0 is not valid JSON'],
  ])('rejects %j', async (text, message) => {
    await expect(array(text)).rejects.toThrow(message);
  });

  it('refuses an element larger than the limit, whether it arrives in one chunk or many', async () => {
    const text = JSON.stringify([{ a: 'x'.repeat(100) }]);
    await expect(array(text, [], 50)).rejects.toThrow('element 0 is larger than 50 bytes');
    await expect(array(text, [10, 20, 30, 40, 50, 60], 50)).rejects.toThrow(
      'element 0 is larger than 50 bytes',
    );
    expect(await array(text, [], 200)).toHaveLength(1);
  });
});

describe('readJsonLines', () => {
  it('reads one value per line however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }),
        async (values, crlf, cuts) => {
          const text = values.map((v) => JSON.stringify(v)).join(crlf ? '\r\n' : '\n');
          // JSON.stringify(-0) is "0": compare with what JSON itself reads back.
          expect(await lines(text, cuts)).toEqual(
            values.map((v) => JSON.parse(JSON.stringify(v)) as unknown),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips blank lines and names the line that is not JSON', async () => {
    expect(await lines('\n{"a":1}\n\n  \n{"b":2}')).toEqual([{ a: 1 }, { b: 2 }]);
    await expect(lines('{"a":1}\n\n{"b":\n')).rejects.toThrow('line 3 is not valid JSON');
  });

  it('refuses a line longer than the limit', async () => {
    await expect(lines(`{"a":"${'x'.repeat(100)}"}\n`, [7, 30], 50)).rejects.toThrow(
      'line 1 is longer than 50 bytes',
    );
  });
});
