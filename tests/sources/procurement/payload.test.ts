import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CompiledReleaseSchema,
  RecordPackageSchema,
  ReleasePackageSchema,
  ReleaseSchema,
} from '../../../src/sources/procurement/payload.js';
import { MAX_DESCRIBED_ISSUES, describeIssues } from '../../../src/upstream/index.js';

const EXAMPLE = new URL('../../../data/procurement/ocds-example/', import.meta.url);
const PACKAGE_FILE = 'ocds-213czf-000-00001.json';
const RECORD_FILE = 'record-ocds-213czf-000-00001.json';
const TEMPLATE_FILE = 'release-template-1__1__5.json';

type Json = Record<string, unknown>;

/** A marker value that no error description may repeat. */
const secret = 'S3CRET-VALUE';

function readExample(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, EXAMPLE), 'utf8')) as Json;
}

/** The example package's first release, as plain JSON to be altered by a test. */
function exampleRelease(): Json {
  const pkg = readExample(PACKAGE_FILE) as { releases: Json[] };
  const [first] = pkg.releases;
  if (first === undefined) throw new Error('the example package has no release');
  return first;
}

function issuesOf(result: { success: boolean; error?: z.ZodError | undefined }): z.ZodError {
  expect(result.success).toBe(false);
  if (result.error === undefined) throw new Error('expected a parse error');
  return result.error;
}

/**
 * The blank template names each field's type in place of a value (`"amount": "number"`, `"roles": "array"`)
 * and leaves required strings empty (`"ocid": ""`). This fills each placeholder with a value of that type.
 */
function fillPlaceholders(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, field]) => [k, fillPlaceholders(field, k)]));
  }
  // Dates are strings of one form (ISO 8601): the template's "string" stands for one.
  if (isDateKey(key) && (value === 'string' || value === '')) return '2024-01-01T00:00:00Z';
  switch (value) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return ['value'];
    case 'object':
      return { key: 'value' };
    case '':
      return 'placeholder';
    default:
      return value;
  }
}

/** OCDS date fields: `date`, `startDate`, `datePublished`, `dueDate`, ... */
function isDateKey(key: string): boolean {
  return /^date|Date$/.test(key);
}

/** Every path of a JSON value, as dotted strings, leaves and containers alike. */
function paths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return [
    prefix,
    ...Object.entries(value).flatMap(([key, field]) =>
      paths(field, prefix === '' ? key : `${prefix}.${key}`),
    ),
  ];
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Json)[String(key)] : undefined),
    value,
  );
}

describe('ReleasePackageSchema', () => {
  it('parses the release package of the OCDS fictional example', () => {
    const pkg = ReleasePackageSchema.parse(readExample(PACKAGE_FILE));
    expect(pkg.releases).toHaveLength(6);
    expect(pkg.publisher?.name).toBe('Open Data Services Co-operative Limited');
  });

  it('parses each single-release package of the example', () => {
    const files = readdirSync(EXAMPLE).filter((name) => /^ocds-213czf-000-00001-\d\d-\w+\.json$/.test(name));
    expect(files).toHaveLength(6);
    for (const file of files) {
      expect(ReleasePackageSchema.parse(readExample(file)).releases).toHaveLength(1);
    }
  });

  it('keeps paging links', () => {
    const pkg = ReleasePackageSchema.parse({
      releases: [],
      links: { next: 'https://example.org/releases?page=2' },
    });
    expect(pkg.links?.next).toBe('https://example.org/releases?page=2');
  });
});

describe('RecordPackageSchema', () => {
  it('parses the record package of the example, with linked releases and a compiled release', () => {
    const pkg = RecordPackageSchema.parse(readExample(RECORD_FILE));
    const [record] = pkg.records;
    expect(record?.ocid).toBe('ocds-213czf-000-00001');
    expect(record?.releases).toHaveLength(6);
    expect(record?.releases.every((release) => 'url' in release)).toBe(true);
    expect(record?.compiledRelease?.tag).toEqual(['compiled']);
  });

  it('rejects a record without releases', () => {
    const error = issuesOf(RecordPackageSchema.safeParse({ records: [{ ocid: 'ocds-x' }] }));
    expect(describeIssues(error)).toBe('records.0.releases: expected array');
  });
});

describe('ReleaseSchema', () => {
  it('accepts every field of the blank release template once its type placeholders are filled in', () => {
    const filled = fillPlaceholders(readExample(TEMPLATE_FILE));
    const release = ReleaseSchema.parse(filled);
    expect(paths(release).sort()).toEqual(paths(filled).sort());
    expect(release).toEqual(filled);
  });

  it('rejects the raw blank template only where a placeholder names a type other than string', () => {
    // The template is a map of the schema, not a release: `"amount": "number"` is the very
    // wrong-type case the schema exists to reject. Every issue must sit on such a placeholder
    // (or on the empty `ocid`), never on a field whose placeholder is a real string.
    const template = readExample(TEMPLATE_FILE);
    const error = issuesOf(ReleaseSchema.safeParse(template));
    const placeholders = new Set(['number', 'integer', 'boolean', 'array', 'object']);
    for (const issue of error.issues) {
      const value = at(template, issue.path);
      const onPlaceholder = typeof value === 'string' && placeholders.has(value);
      const onEmptyOcid = issue.path.join('.') === 'ocid' && value === '';
      // A date's placeholder says "string", but a date is a string of one form (ISO 8601).
      const onDate = isDateKey(String(issue.path.at(-1))) && (value === 'string' || value === '');
      expect(onPlaceholder || onEmptyOcid || onDate, issue.path.join('.')).toBe(true);
    }
    expect(error.issues.map((issue) => issue.path.join('.'))).toContain('planning.budget.amount.amount');
  });

  it('keeps extension and unknown fields at every level, x_fictional included', () => {
    const release = exampleRelease();
    const tender = release['tender'] as Json;
    const input = {
      ...release,
      x_fictional: 'Fictional data for tests.',
      x_extension: { nested: [1, 2, 3] },
      tender: { ...tender, value: { amount: 5, currency: 'MNT', x_vat: true }, x_local: 'kept' },
    };
    const parsed = ReleaseSchema.parse(input);
    expect(parsed.x_fictional).toBe('Fictional data for tests.');
    expect(parsed['x_extension']).toEqual({ nested: [1, 2, 3] });
    expect(parsed.tender?.['x_local']).toBe('kept');
    expect(parsed.tender?.value?.['x_vat']).toBe(true);
    expect(parsed.parties?.[0]?.['contactPoint']).toEqual(
      (release['parties'] as Json[])[0]?.['contactPoint'],
    );
  });

  it('accepts null in optional fields, which merging reads as "remove this field"', () => {
    const input = {
      ...exampleRelease(),
      buyer: null,
      planning: null,
      tender: { id: 't', title: null, value: { amount: null, currency: null }, items: null },
      awards: [{ id: 'a', suppliers: null, value: null }],
      x_fictional: null,
    };
    expect(ReleaseSchema.safeParse(input).success).toBe(true);
  });

  it('accepts integer local ids, as OCDS allows', () => {
    const input = { ...exampleRelease(), awards: [{ id: 1, items: [{ id: 2 }] }] };
    expect(ReleaseSchema.parse(input).awards?.[0]?.id).toBe(1);
  });

  const wrongTypes: readonly { name: string; alter: (release: Json) => Json; expected: string }[] = [
    {
      name: 'an amount given as a string',
      alter: (release) => ({
        ...release,
        tender: { id: 't', value: { amount: `12${secret}`, currency: 'MNT' } },
      }),
      expected: 'tender.value.amount: expected number',
    },
    {
      name: 'awards given as an object',
      alter: (release) => ({ ...release, awards: { id: secret } }),
      expected: 'awards: expected array',
    },
    {
      name: 'a missing ocid',
      alter: ({ ocid: _ocid, ...release }) => ({ ...release, note: secret }),
      expected: 'ocid: expected string',
    },
    {
      name: 'an award without an id',
      alter: (release) => ({ ...release, awards: [{ title: secret }] }),
      expected: 'awards.0.id: expected string',
    },
    {
      name: 'a fractional number of tenderers',
      alter: (release) => ({ ...release, tender: { id: secret, numberOfTenderers: 2.5 } }),
      expected: 'tender.numberOfTenderers: expected integer',
    },
    {
      name: 'roles given as a string',
      alter: (release) => ({ ...release, parties: [{ id: 'p', roles: secret }] }),
      expected: 'parties.0.roles: expected array',
    },
    {
      name: 'an x_fictional notice that is not a string',
      alter: (release) => ({ ...release, x_fictional: { secret } }),
      expected: 'x_fictional: expected string',
    },
  ];

  for (const { name, alter, expected } of wrongTypes) {
    it(`rejects ${name}, naming the path and not the value`, () => {
      const error = issuesOf(ReleasePackageSchema.safeParse({ releases: [alter(exampleRelease())] }));
      const description = describeIssues(error);
      expect(description).toBe(`releases.0.${expected}`);
      expect(description).not.toContain(secret);
    });
  }

  it('rejects a package whose releases are not an array', () => {
    const error = issuesOf(ReleasePackageSchema.safeParse({ releases: secret }));
    expect(describeIssues(error)).toBe('releases: expected array');
  });
});

describe('CompiledReleaseSchema', () => {
  it("parses the example record's compiled release and requires only the ocid", () => {
    const pkg = readExample(RECORD_FILE) as { records: { compiledRelease: unknown }[] };
    expect(CompiledReleaseSchema.safeParse(pkg.records[0]?.compiledRelease).success).toBe(true);
    expect(CompiledReleaseSchema.safeParse({ ocid: 'ocds-x' }).success).toBe(true);
    expect(describeIssues(issuesOf(CompiledReleaseSchema.safeParse({})))).toBe('ocid: expected string');
  });
});

describe('describeIssues', () => {
  it('names the root when the payload is not an object', () => {
    expect(describeIssues(issuesOf(ReleasePackageSchema.safeParse('not json object')))).toBe(
      '(root): expected object',
    );
  });

  it('describes at most MAX_DESCRIBED_ISSUES issues and counts the rest', () => {
    const releases = Array.from({ length: MAX_DESCRIBED_ISSUES + 2 }, () => ({
      id: 'r',
      date: '2024-01-01',
    }));
    const description = describeIssues(issuesOf(ReleasePackageSchema.safeParse({ releases })));
    expect(description.split('; ')).toHaveLength(MAX_DESCRIBED_ISSUES + 1);
    expect(description).toMatch(/^releases\.0\.ocid: expected string; .*; and 2 more issue\(s\)$/);
  });

  it('describes a record release that is neither embedded nor linked by the closest alternative', () => {
    const record = {
      ocid: 'ocds-x',
      releases: [{ ocid: 'ocds-x', id: 'r', date: '2024-01-01T00:00:00Z', awards: {} }],
    };
    const description = describeIssues(issuesOf(RecordPackageSchema.safeParse({ records: [record] })));
    expect(description).toBe('records.0.releases.0.awards: expected array');
  });

  it('describes each kind of issue by what was expected, never by the value', () => {
    const schema = z.strictObject({
      long: z.string().max(2),
      email: z.email(),
      method: z.enum(['open', 'limited']),
      step: z.number().multipleOf(5),
      count: z.array(z.number()).min(2),
      small: z.number().min(10),
      checked: z.string().refine((value) => value === 'ok'),
      either: z.union([z.string(), z.number()]),
    });
    const input = {
      long: secret,
      email: secret,
      method: secret,
      step: 7,
      count: [1],
      small: 3,
      checked: secret,
      either: [secret],
      [secret]: true,
    };
    const lines = issuesOf(schema.safeParse(input)).issues.map((issue) =>
      describeIssues(new z.ZodError([issue])),
    );
    expect(lines).toEqual([
      'long: expected at most 2',
      'email: expected format email',
      'method: expected one of the allowed values',
      'step: expected a multiple of 5',
      'count: expected at least 2 item(s)',
      'small: expected at least 10',
      'checked: failed a check',
      'either: expected string',
      '(root): 1 unrecognised key(s)',
    ]);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('describes a too-short ocid by its bound', () => {
    const error = issuesOf(ReleaseSchema.safeParse({ ...exampleRelease(), ocid: '' }));
    expect(describeIssues(error)).toBe('ocid: expected at least 1 character(s)');
  });
});
