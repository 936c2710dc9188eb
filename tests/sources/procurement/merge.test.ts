import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileReleases } from '../../../src/sources/procurement/merge.js';
import {
  CompiledReleaseSchema,
  ReleasePackageSchema,
  ReleaseSchema,
  type Release,
} from '../../../src/sources/procurement/payload.js';

const EXAMPLE = new URL('../../../data/procurement/ocds-example/', import.meta.url);
const OCID = 'ocds-test-0001';

function readExample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLE), 'utf8'));
}

function exampleReleases(): Release[] {
  return ReleasePackageSchema.parse(readExample('ocds-213czf-000-00001.json')).releases;
}

/** A valid release of the test process, dated `date`, with `fields` on top. */
function release(date: string, fields: Record<string, unknown> = {}): Release {
  return ReleaseSchema.parse({ ocid: OCID, id: `${OCID}-${date}`, date, tag: ['tenderUpdate'], ...fields });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

function objectsIn(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value === 'object' && value !== null) {
    into.add(value);
    for (const field of Object.values(value)) objectsIn(field, into);
  }
  return into;
}

/** The test's own reading of "a field set to null is absent from the compiled release". */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, stripNulls(field)]),
  );
}

describe('compileReleases', () => {
  it("compiles the OCDS fictional example's six releases into its record's compiled release", () => {
    const record = readExample('record-ocds-213czf-000-00001.json') as {
      records: { compiledRelease: unknown }[];
    };
    // Compared whole, `tag`, `id` and `date` included: the official record follows the convention the
    // merging page recommends (`["compiled"]`, `{ocid}-{date}`, latest date), so nothing differs.
    expect(compileReleases(exampleReleases())).toEqual(record.records[0]?.compiledRelease);
  });

  it('gives a result that parses as a compiled release', () => {
    expect(CompiledReleaseSchema.safeParse(compileReleases(exampleReleases())).success).toBe(true);
  });

  it('gives the same compiled release whatever order the releases arrive in', () => {
    const releases = exampleReleases();
    expect(compileReleases([...releases].reverse())).toEqual(compileReleases(releases));
  });

  it("sets tag, id and date from the latest release instead of any release's own", () => {
    const compiled = compileReleases([
      release('2024-02-01T00:00:00Z', { tag: ['award'] }),
      release('2024-01-01T00:00:00Z', { tag: ['tender'] }),
    ]);
    expect(compiled.tag).toEqual(['compiled']);
    expect(compiled.date).toBe('2024-02-01T00:00:00Z');
    expect(compiled.id).toBe(`${OCID}-2024-02-01T00:00:00Z`);
  });

  it('removes a field when a later release sets it to null', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { tender: { id: 't', title: 'Road repair', status: 'active' } }),
      release('2024-01-02T00:00:00Z', { tender: { title: null }, buyer: { id: 'b' } }),
      release('2024-01-03T00:00:00Z', { buyer: null }),
    ]);
    expect(compiled.tender).toEqual({ id: 't', status: 'active' });
    expect(compiled).not.toHaveProperty('buyer');
  });

  it('leaves out null fields of a release that adds them', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        tender: { id: 't', title: null, value: { amount: 5, currency: null } },
      }),
    ]);
    expect(compiled.tender).toEqual({ id: 't', value: { amount: 5 } });
  });

  it('merges objects of an array by id and appends new ids in order', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        awards: [
          { id: 'a1', status: 'pending', documents: [{ id: 'd1', title: 'Notice' }] },
          { id: 'a2', status: 'pending' },
        ],
      }),
      release('2024-01-02T00:00:00Z', {
        awards: [
          { id: 'a3', status: 'pending' },
          { id: 'a1', status: 'active', documents: [{ id: 'd2', title: 'Decision' }] },
        ],
      }),
    ]);
    expect(compiled.awards).toEqual([
      {
        id: 'a1',
        status: 'active',
        documents: [
          { id: 'd1', title: 'Notice' },
          { id: 'd2', title: 'Decision' },
        ],
      },
      { id: 'a2', status: 'pending' },
      { id: 'a3', status: 'pending' },
    ]);
  });

  it('matches an id given as a number with the same id given as a string', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { awards: [{ id: 1, title: 'First' }] }),
      release('2024-01-02T00:00:00Z', { awards: [{ id: '1', status: 'active' }] }),
    ]);
    // One object; its `id` is a literal field like any other, so the latest spelling wins.
    expect(compiled.awards).toEqual([{ id: '1', title: 'First', status: 'active' }]);
  });

  it('merges objects that repeat an id within one release into one', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        awards: [
          { id: 'a', title: 'A' },
          { id: 'a', status: 'active' },
        ],
      }),
    ]);
    expect(compiled.awards).toEqual([{ id: 'a', title: 'A', status: 'active' }]);
  });

  it('replaces arrays marked wholeListMerge in the release schema whole', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        parties: [
          {
            id: 'p',
            additionalIdentifiers: [
              { id: '1', scheme: 'MN-CR' },
              { id: '2', scheme: 'X' },
            ],
          },
        ],
        tender: { id: 't', items: [{ id: 'i', additionalClassifications: [{ id: 'c1', scheme: 'CPV' }] }] },
      }),
      release('2024-01-02T00:00:00Z', {
        parties: [{ id: 'p', additionalIdentifiers: [{ id: '2', scheme: 'Y' }] }],
        tender: { items: [{ id: 'i', additionalClassifications: [{ id: 'c2', scheme: 'CPV' }] }] },
      }),
    ]);
    expect(compiled.parties?.[0]?.additionalIdentifiers).toEqual([{ id: '2', scheme: 'Y' }]);
    expect(compiled.tender?.items?.[0]?.additionalClassifications).toEqual([{ id: 'c2', scheme: 'CPV' }]);
  });

  it('replaces arrays of primitives whole', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        tender: { id: 't', submissionMethod: ['electronicSubmission', 'written'] },
      }),
      release('2024-01-02T00:00:00Z', { tender: { submissionMethod: ['inPerson'] } }),
    ]);
    expect(compiled.tender?.submissionMethod).toEqual(['inPerson']);
  });

  it('replaces arrays of objects without ids whole', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_changes: [{ property: 'value' }, { property: 'title' }] }),
      release('2024-01-02T00:00:00Z', { x_changes: [{ property: 'status', former: null }] }),
    ]);
    expect(compiled['x_changes']).toEqual([{ property: 'status' }]);
  });

  it('replaces an array whole when one of its objects lacks an id', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_lots: [{ id: 'l1' }, { id: 'l2' }] }),
      release('2024-01-02T00:00:00Z', { x_lots: [{ id: 'l3' }, { title: 'untitled' }] }),
    ]);
    expect(compiled['x_lots']).toEqual([{ id: 'l3' }, { title: 'untitled' }]);
  });

  it('keeps an identifier-merged array when a later release sends it empty', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        awards: [{ id: 'a' }],
        tender: { id: 't', submissionMethod: ['written'] },
      }),
      release('2024-01-02T00:00:00Z', { awards: [], tender: { submissionMethod: [] } }),
    ]);
    expect(compiled.awards).toEqual([{ id: 'a' }]);
    expect(compiled.tender?.submissionMethod).toEqual([]);
  });

  it('merges nested objects field by field and keeps extension fields', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', {
        x_fictional: 'Fictional.',
        tender: { id: 't', value: { amount: 100, currency: 'MNT', x_vat: true } },
      }),
      release('2024-01-02T00:00:00Z', { tender: { value: { amount: 120 } }, x_local: { a: 1 } }),
    ]);
    expect(compiled.tender?.value).toEqual({ amount: 120, currency: 'MNT', x_vat: true });
    expect(compiled.x_fictional).toBe('Fictional.');
    expect(compiled['x_local']).toEqual({ a: 1 });
  });

  it('replaces a value of another kind: an object by a literal and back', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_field: { a: 1 } }),
      release('2024-01-02T00:00:00Z', { x_field: 'text' }),
      release('2024-01-03T00:00:00Z', { x_field: { b: null, c: 2 } }),
    ]);
    expect(compiled['x_field']).toEqual({ c: 2 });
  });

  it('orders releases by date and keeps the input order for equal dates', () => {
    const compiled = compileReleases([
      release('2024-03-01T00:00:00Z', { language: 'mn' }),
      release('2024-01-01T00:00:00Z', { language: 'en' }),
      release('2024-03-01T00:00:00Z', { language: 'ru', x_order: 'second of equals' }),
    ]);
    expect(compiled.language).toBe('ru');
    expect(compiled.date).toBe('2024-03-01T00:00:00Z');
  });

  it('orders dates by instant, not by text, across time-zone offsets', () => {
    // 09:00 in Ulaanbaatar (+08:00) is 01:00 UTC, before 02:00 UTC, though it sorts after it as text.
    const compiled = compileReleases([
      release('2024-01-01T09:00:00+08:00', { language: 'mn' }),
      release('2024-01-01T02:00:00Z', { language: 'en' }),
    ]);
    expect(compiled.language).toBe('en');
    expect(compiled.date).toBe('2024-01-01T02:00:00Z');
  });

  it('reads a date without an offset as UTC and puts unreadable dates last', () => {
    // The payload schema refuses such a date; merging must still order safely if one gets through.
    const unreadable = { ocid: OCID, id: 'r-bad', date: 'not a date', tag: ['tenderUpdate'], language: 'xx' };
    const compiled = compileReleases([
      unreadable,
      release('2024-01-01T02:00:00', { language: 'en' }),
      release('2024-01-01T09:00:00+08:00', { language: 'mn' }),
    ]);
    expect(compiled.language).toBe('xx');
    const readable = compileReleases([
      release('2024-01-01T02:00:00', { language: 'en' }),
      release('2024-01-01T09:00:00+08:00', { language: 'mn' }),
    ]);
    expect(readable.language).toBe('en');
  });

  it('does not change its inputs and shares no object with them', () => {
    const releases = deepFreeze(exampleReleases());
    const before = structuredClone(releases);
    const compiled = compileReleases(releases);
    expect(releases).toEqual(before);
    const inputs = objectsIn(releases);
    expect([...objectsIn(compiled)].filter((object) => inputs.has(object))).toEqual([]);
  });

  it('keeps a __proto__ key as data and leaves prototypes alone', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as unknown;
    const unparsed = { ocid: OCID, id: 'r', date: '2024-01-01T00:00:00Z', x_data: payload } as Release;
    const compiled = compileReleases([unparsed]);
    expect(Object.getPrototypeOf(compiled['x_data'])).toBe(Object.prototype);
    expect(Object.hasOwn(compiled['x_data'] as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('throws a RangeError when given no release', () => {
    expect(() => compileReleases([])).toThrow(RangeError);
  });

  it('throws a RangeError when the releases belong to different processes', () => {
    const other = { ...release('2024-01-02T00:00:00Z'), ocid: 'ocds-test-0002' };
    expect(() => compileReleases([release('2024-01-01T00:00:00Z'), other])).toThrow(/ocids differ/);
  });
});

describe('compileReleases properties', () => {
  const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
    fc.option(arbitrary, { nil: null, freq: 4 });
  const word = fc.string({ maxLength: 6 });
  const date = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2030-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
  const money = fc.record(
    { amount: maybe(fc.integer()), currency: maybe(fc.constantFrom('MNT', 'USD')) },
    { requiredKeys: [] },
  );
  /** Arrays merged by id; `unique` keeps ids distinct, as OCDS requires within one release. */
  const byId = <T extends { id: string }>(item: fc.Arbitrary<T>, unique: boolean): fc.Arbitrary<T[]> =>
    unique
      ? fc.uniqueArray(item, { selector: (entry) => entry.id, maxLength: 3 })
      : fc.array(item, { maxLength: 3 });

  const releaseArbitrary = (unique: boolean): fc.Arbitrary<Release> => {
    const document = fc.record(
      { id: word, title: maybe(word), x_note: maybe(word) },
      { requiredKeys: ['id'] },
    );
    const item = fc.record(
      {
        id: word,
        description: maybe(word),
        additionalClassifications: fc.array(fc.record({ id: maybe(word), scheme: word }), { maxLength: 2 }),
      },
      { requiredKeys: ['id'] },
    );
    const award = fc.record(
      {
        id: word,
        title: maybe(word),
        value: maybe(money),
        suppliers: byId(fc.record({ id: word, name: maybe(word) }), unique),
        documents: byId(document, unique),
        items: byId(item, unique),
      },
      { requiredKeys: ['id'] },
    );
    const tender = fc.record(
      {
        id: word,
        title: maybe(word),
        submissionMethod: fc.array(word, { maxLength: 3 }),
        value: maybe(money),
        documents: byId(document, unique),
      },
      { requiredKeys: [] },
    );
    return fc
      .record(
        {
          id: word,
          date,
          tag: fc.array(fc.constantFrom('tender', 'award', 'contract'), { minLength: 1, maxLength: 2 }),
          language: maybe(fc.constantFrom('mn', 'en')),
          tender: maybe(tender),
          awards: maybe(byId(award, unique)),
          x_fictional: maybe(word),
          x_extension: unique ? maybe(fc.dictionary(word, fc.oneof(word, fc.integer()))) : fc.jsonValue(),
        },
        { requiredKeys: ['id', 'date'] },
      )
      .map((fields) => ReleaseSchema.parse({ ocid: OCID, ...fields }));
  };

  it('compiles a single release to itself without nulls, with the compiled metadata', () => {
    fc.assert(
      fc.property(releaseArbitrary(true), (single) => {
        // The release's own id, date and tag are discarded (omitWhenMerged) and replaced.
        const fields = Object.fromEntries(
          Object.entries(single).filter(([key]) => !['id', 'tag'].includes(key)),
        );
        expect(compileReleases([single])).toEqual({
          ...(stripNulls(fields) as object),
          tag: ['compiled'],
          id: `${OCID}-${single.date}`,
        });
      }),
    );
  });

  it('gives the same result when every release is repeated', () => {
    fc.assert(
      fc.property(fc.array(releaseArbitrary(false), { minLength: 1, maxLength: 4 }), (releases) => {
        const repeated = releases.flatMap((entry) => [entry, entry]);
        expect(compileReleases(repeated)).toEqual(compileReleases(releases));
      }),
    );
  });

  it('gives the same result in any input order when dates are distinct', () => {
    const releases = fc.uniqueArray(releaseArbitrary(false), {
      selector: (entry) => Date.parse(entry.date),
      minLength: 1,
      maxLength: 4,
    });
    const shuffled = releases.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([ordered, reordered]) => {
        expect(compileReleases(reordered)).toEqual(compileReleases(ordered));
      }),
    );
  });

  it('never changes its inputs', () => {
    fc.assert(
      fc.property(fc.array(releaseArbitrary(false), { minLength: 1, maxLength: 4 }), (releases) => {
        const before = structuredClone(releases);
        compileReleases(deepFreeze(releases));
        expect(releases).toEqual(before);
      }),
    );
  });
});
