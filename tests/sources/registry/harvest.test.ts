import { describe, expect, it } from 'vitest';
import {
  RegisterIndexBuilder,
  readDumpInBatches,
  type DumpEntry,
} from '../../../src/sources/registry/index.js';
import { slicer } from '../../../src/sync/slices.js';
import { turnCounter } from '../../loop-turns.js';

/** What the register's harvester reads from a dump, and the index it rebuilds from stored entities. */

const N = 'Регистрийн дугаар';
const NAME = 'Оноосон нэр';
const FORM = 'Хэлбэр';

/** `text` as a body arriving in chunks of `size` bytes. */
function chunks(text: string, size: number): AsyncIterable<Buffer> {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return (async function* () {
    for (const part of parts) yield await Promise.resolve(part);
  })();
}

const records = Array.from({ length: 7 }, (_, i) => ({
  [N]: `090020${i}`,
  [NAME]: `Туршилтын компани ${i} (зохиомол)`,
  [FORM]: i % 2 === 0 ? 'ХХК' : 'ХХК /ГХО/',
}));

describe('readDumpInBatches', () => {
  it('hands over batches of the given size, each record with its JSON exactly as published', async () => {
    // Spacing inside a record is kept: the raw text is the dump's, not a re-serialisation.
    const texts = records.map((r) => JSON.stringify(r, null, 1));
    const batches: DumpEntry[][] = [];
    const count = await readDumpInBatches(chunks(`[${texts.join(',')}]`, 7), 3, (batch) => {
      batches.push([...batch]);
      return Promise.resolve();
    });
    expect(count).toBe(7);
    expect(batches.map((b) => b.length).reduce((a, b) => a + b)).toBe(7);
    for (const b of batches.slice(0, -1)) expect(b.length).toBeGreaterThanOrEqual(3);
    const all = batches.flat();
    expect(all.map((e) => e.raw)).toEqual(texts);
    expect(all.map((e) => e.key)).toEqual(records.map((r) => r[N]));
    expect(all[1]?.entity).toMatchObject({ legalForm: 'LLC_FOREIGN_INVESTED', legalFormRaw: 'ХХК /ГХО/' });
  });

  it('waits for each batch before reading on', async () => {
    let writing = false;
    let overlapped = false;
    await readDumpInBatches(chunks(JSON.stringify(records), 16), 2, async () => {
      if (writing) overlapped = true;
      writing = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      writing = false;
    });
    expect(overlapped).toBe(false);
  });

  it("gives the event loop a turn between a body's chunks when its pause says so", async () => {
    // The chunks come as settled promises, as a body's buffered chunks do: without a pause, nothing
    // queued on the event loop runs until the whole read ends.
    const ticksAt = async (pause?: () => Promise<void>): Promise<number[]> => {
      const turns = turnCounter();
      const seen: number[] = [];
      const onBatch = () => {
        seen.push(turns.count());
        return Promise.resolve();
      };
      await readDumpInBatches(chunks(JSON.stringify(records), 16), 2, onBatch, pause);
      turns.stop();
      return seen;
    };
    expect(await ticksAt()).toEqual([0, 0, 0, 0]);
    const pause = slicer(0);
    const seen = await ticksAt(pause);
    expect(seen).toHaveLength(4);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? 0);
    expect(pause.turns()).toBeGreaterThanOrEqual(seen.length);
  });

  it('fails on a record that breaks the schema, after handing over the batches before it', async () => {
    const broken = [...records.slice(0, 4), { [NAME]: 'no number' }, ...records.slice(4)];
    const seen: string[] = [];
    await expect(
      readDumpInBatches(chunks(JSON.stringify(broken), 1024 * 1024), 2, (batch) => {
        seen.push(...batch.map((e) => e.key));
        return Promise.resolve();
      }),
    ).rejects.toThrow(/record 4/);
    expect(seen.length).toBeLessThanOrEqual(4);
  });
});

describe('RegisterIndexBuilder', () => {
  it('keeps withdrawn entities for lookups by number and leaves them out of name search', () => {
    const builder = new RegisterIndexBuilder();
    builder.add([
      {
        key: '0900301',
        doc: JSON.stringify({ name: 'Алтан туршилт (зохиомол)', legalFormRaw: 'ХХК', fictional: true }),
        withdrawnAt: null,
      },
      {
        key: '0900302',
        doc: JSON.stringify({ name: 'Алтан туршилт хоёр (зохиомол)', legalFormRaw: 'ХК', fictional: true }),
        withdrawnAt: 1_767_225_600_000,
      },
    ]);
    const index = builder.build(true);
    expect(index.complete).toBe(true);
    expect(index.size).toBe(2);
    expect(index.get('0900302')).toMatchObject({
      name: 'Алтан туршилт хоёр (зохиомол)',
      legalForm: 'JOINT_STOCK_COMPANY',
      withdrawnAt: 1_767_225_600_000,
    });
    expect(index.get('0900301')?.withdrawnAt).toBeNull();
    const found = index.search('Алтан туршилт', { limit: 10 });
    expect(found.hits.map((h) => h.registerNumber)).toEqual(['0900301']);
  });

  it('names the key of a stored document it cannot read', () => {
    const builder = new RegisterIndexBuilder();
    expect(() => builder.add([{ key: '0900303', doc: '{', withdrawnAt: null }])).toThrow(/0900303/);
  });
});
