import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  RELEASE_SCHEMA_PATH,
  deriveMergeRules,
  generateMergeRules,
} from '../../../scripts/ocds-merge-rules.js';
import {
  OMIT_WHEN_MERGED_PATHS,
  WHOLE_LIST_MERGE_PATHS,
} from '../../../src/sources/procurement/merge-rules.js';

const ROOT = new URL('../../../', import.meta.url);

describe('merge-rules', () => {
  it('is what the generator derives from the release schema in the repository', async () => {
    const generated = await generateMergeRules(fileURLToPath(new URL(RELEASE_SCHEMA_PATH, ROOT)));
    const committed = readFileSync(new URL('src/sources/procurement/merge-rules.ts', ROOT), 'utf8');
    expect(committed).toBe(generated);
  });

  it('lists the OCDS 1.1.5 whole-list arrays and the discarded release metadata', () => {
    expect([...OMIT_WHEN_MERGED_PATHS]).toEqual(['date', 'id', 'tag']);
    expect(WHOLE_LIST_MERGE_PATHS).toContain('parties/additionalIdentifiers');
    expect(WHOLE_LIST_MERGE_PATHS).toContain('tender/items/additionalClassifications');
    expect(WHOLE_LIST_MERGE_PATHS).not.toContain('awards');
  });
});

describe('deriveMergeRules', () => {
  it('follows references, marks arrays of objects without ids and survives a reference cycle', () => {
    const schema = {
      properties: {
        id: { type: 'string', omitWhenMerged: true },
        notes: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } } } },
        lots: { type: 'array', items: { $ref: '#/definitions/Lot' } },
        tags: { type: 'array', items: { type: 'string' } },
      },
      definitions: {
        Lot: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            codes: { type: 'array', wholeListMerge: true, items: { $ref: '#/definitions/Lot' } },
            parent: { $ref: '#/definitions/Lot' },
          },
        },
      },
    };
    expect(deriveMergeRules(schema)).toEqual({
      wholeListMerge: ['lots/codes', 'notes'],
      omitWhenMerged: ['id'],
    });
  });

  it('throws a TypeError when the schema is not an object', () => {
    expect(() => deriveMergeRules([])).toThrow(TypeError);
  });
});
