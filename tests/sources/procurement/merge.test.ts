import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileReleases, mergeRulesFor, versionReleases } from '../../../src/sources/procurement/merge.js';
import { MERGE_RULES_1_1 } from '../../../src/sources/procurement/merge-rules.js';
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

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The test's own reading of what the reference makes of one release: null fields left out (their object
 * kept, even when emptied), empty objects and identifier-merged arrays given empty left out, arrays merged
 * whole (by the schema, or holding a non-object) kept exactly as given.
 */
/** Whether `value` at `path` flattens to at least one leaf (a null counts; an empty merged list does not). */
function hasLeaf(value: unknown, path: string): boolean {
  if (Array.isArray(value)) {
    if (MERGE_RULES_1_1.wholeListMerge.has(path) || value.some((item) => !isPlain(item))) return true;
    return value.some((item) => hasLeaf(item, path));
  }
  if (isPlain(value)) return Object.entries(value).some(([key, field]) => hasLeaf(field, `${path}/${key}`));
  return true;
}

function oneRelease(value: Record<string, unknown>, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const here = path === '' ? key : `${path}/${key}`;
    if (field === null) continue;
    if (Array.isArray(field)) {
      if (MERGE_RULES_1_1.wholeListMerge.has(here) || field.some((item) => !isPlain(item))) out[key] = field;
      else if (field.length > 0)
        out[key] = field.map((item) => oneRelease(item as Record<string, unknown>, here));
    } else if (isPlain(field)) {
      // The reference flattens a release to its leaves and builds the objects back from them: an object
      // with no leaf (`{}`, `{ documents: [] }`) is not in the compiled release, while one whose leaves
      // are all null (`{ amount: null }`) is, empty.
      if (hasLeaf(field, here)) out[key] = oneRelease(field, here);
    } else {
      out[key] = field;
    }
  }
  return out;
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

  it('removes a literal when a later release sets it to null, and keeps an object, as the reference does', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { tender: { id: 't', title: 'Road repair', status: 'active' } }),
      release('2024-01-02T00:00:00Z', { tender: { title: null }, buyer: { id: 'b' } }),
      release('2024-01-03T00:00:00Z', { buyer: null }),
    ]);
    expect(compiled.tender).toEqual({ id: 't', status: 'active' });
    // The reference removes only what a null replaces at its own path: an object's fields stay.
    expect(compiled.buyer).toEqual({ id: 'b' });
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

  it('keeps an id given as a number apart from the same id given as a string, as the reference does', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { awards: [{ id: 1, title: 'First' }] }),
      release('2024-01-02T00:00:00Z', { awards: [{ id: '1', status: 'active' }] }),
    ]);
    // Fields match on the id's text (`id` itself is shared, the first spelling kept), but the objects are
    // rebuilt one per typed id.
    expect(compiled.awards).toEqual([
      { id: 1, title: 'First' },
      { id: '1', status: 'active' },
    ]);
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

  it('appends objects without ids outside the schema, never merging them', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_changes: [{ property: 'value' }, { property: 'title' }] }),
      release('2024-01-02T00:00:00Z', { x_changes: [{ property: 'status', former: null }] }),
    ]);
    expect(compiled['x_changes']).toEqual([
      { property: 'value' },
      { property: 'title' },
      { property: 'status' },
    ]);
  });

  it('merges the objects of an array by id and appends those without one', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_lots: [{ id: 'l1' }, { id: 'l2', title: 'Two' }] }),
      release('2024-01-02T00:00:00Z', { x_lots: [{ id: 'l2', status: 'active' }, { title: 'untitled' }] }),
    ]);
    expect(compiled['x_lots']).toEqual([
      { id: 'l1' },
      { id: 'l2', title: 'Two', status: 'active' },
      { title: 'untitled' },
    ]);
  });

  it('merges arrays whole when the schema of the data version says so: OCDS 1.0 suppliers', () => {
    const releases = [
      release('2024-01-01T00:00:00Z', { awards: [{ id: 'a', suppliers: [{ id: 's1' }, { id: 's2' }] }] }),
      release('2024-01-02T00:00:00Z', { awards: [{ id: 'a', suppliers: [{ id: 's3' }] }] }),
    ];
    expect(compileReleases(releases, mergeRulesFor('1.0')).awards?.[0]?.suppliers).toEqual([{ id: 's3' }]);
    expect(compileReleases(releases, mergeRulesFor(undefined)).awards?.[0]?.suppliers).toEqual([
      { id: 's3' },
    ]);
    expect(compileReleases(releases, mergeRulesFor('1.1')).awards?.[0]?.suppliers).toEqual([
      { id: 's1' },
      { id: 's2' },
      { id: 's3' },
    ]);
  });

  it('replaces a value of another kind where the reference refuses: the latest release wins', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_list: [{ id: 'a' }], x_map: { a: 1 } }),
      release('2024-01-02T00:00:00Z', { x_list: { id: 'b' }, x_map: [{ id: 'c' }] }),
    ]);
    expect(compiled['x_list']).toEqual({ id: 'b' });
    expect(compiled['x_map']).toEqual([{ id: 'c' }]);
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

  it('keeps an object that a later literal would replace, as the reference does', () => {
    const compiled = compileReleases([
      release('2024-01-01T00:00:00Z', { x_field: { a: 1 } }),
      release('2024-01-02T00:00:00Z', { x_field: 'text' }),
      release('2024-01-03T00:00:00Z', { x_field: { b: null, c: 2 } }),
    ]);
    expect(compiled['x_field']).toEqual({ a: 1, c: 2 });
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

  it('takes releases of the same instant in release id order, whatever order they come in', () => {
    const a = { ...release('2024-03-01T00:00:00Z', { language: 'mn' }), id: 'r-2' };
    const b = { ...release('2024-03-01T00:00:00Z', { language: 'ru' }), id: 'r-10' };
    const c = { ...release('2024-03-01T00:00:00Z', { language: 'en' }), id: 'r-1' };
    // Text order: r-1, r-10, r-2: the last one's language wins, in any input order.
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, a, c],
    ])
      expect(compileReleases(order).language).toBe('mn');
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

describe('versionReleases', () => {
  it('lists each value with the release that set it, and only when it changed', () => {
    const versioned = versionReleases([
      release('2024-01-02T00:00:00Z', { tender: { id: 't', title: 'Road repair' } }),
      release('2024-01-01T00:00:00Z', { tender: { id: 't', title: 'Road' } }),
      release('2024-01-03T00:00:00Z', { tender: { id: 't', title: 'Road repair' } }),
    ]);
    expect(versioned['ocid']).toBe(OCID);
    const tender = versioned['tender'] as Record<string, { releaseID: string; value: unknown }[]>;
    expect(tender['title']?.map((v) => [v.releaseID, v.value])).toEqual([
      [`${OCID}-2024-01-01T00:00:00Z`, 'Road'],
      [`${OCID}-2024-01-02T00:00:00Z`, 'Road repair'],
    ]);
    expect(tender['id']).toHaveLength(1);
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

  /**
   * `unique`: ids distinct within each array, and an extension field that is an object of literals;
   * otherwise ids may repeat and the extension is any JSON (objects without ids in arrays included).
   */
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

  it('compiles a single release to itself as the reference reads it, with the compiled metadata', () => {
    fc.assert(
      fc.property(releaseArbitrary(true), (single) => {
        // The release's own id, date and tag are discarded (omitWhenMerged) and replaced.
        const fields = Object.fromEntries(
          Object.entries(single).filter(([key]) => !['id', 'tag'].includes(key)),
        );
        expect(compileReleases([single])).toEqual({
          ...oneRelease(fields),
          tag: ['compiled'],
          id: `${OCID}-${single.date}`,
        });
      }),
    );
  });

  it('gives the same result when every release is repeated, when every merged object has an id', () => {
    // Objects without an id are appended again by a repeated release (the reference's own case).
    fc.assert(
      fc.property(fc.array(releaseArbitrary(true), { minLength: 1, maxLength: 4 }), (releases) => {
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
