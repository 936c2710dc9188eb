import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveMergeRules, generateMergeRules } from '../../../scripts/ocds-merge-rules.js';
import { MERGE_RULES_1_0, MERGE_RULES_1_1 } from '../../../src/sources/procurement/merge-rules.js';

const ROOT = new URL('../../../', import.meta.url);

describe('merge-rules', () => {
  it('is what the generator derives from the release schemas in the repository', async () => {
    const generated = await generateMergeRules(ROOT);
    const committed = readFileSync(new URL('src/sources/procurement/merge-rules.ts', ROOT), 'utf8');
    expect(committed).toBe(generated);
  });

  it('lists the OCDS 1.1.5 whole-list arrays and the discarded release metadata', () => {
    expect([...MERGE_RULES_1_1.omitWhenMerged]).toEqual(['date', 'id', 'tag']);
    expect(MERGE_RULES_1_1.wholeListMerge).toContain('parties/additionalIdentifiers');
    expect(MERGE_RULES_1_1.wholeListMerge).toContain('tender/items/additionalClassifications');
    expect(MERGE_RULES_1_1.wholeListMerge).toContain('parties/roles'); // strings: merged whole
    expect(MERGE_RULES_1_1.wholeListMerge).not.toContain('awards');
    expect(MERGE_RULES_1_1.wholeListMerge).not.toContain('awards/suppliers');
  });

  it('reads OCDS 1.0 mergeStrategy: suppliers and tenderers whole (no ids), ocid omitted', () => {
    expect([...MERGE_RULES_1_0.omitWhenMerged]).toEqual(['date', 'id', 'ocid', 'tag']);
    expect(MERGE_RULES_1_0.wholeListMerge).toContain('awards/suppliers');
    expect(MERGE_RULES_1_0.wholeListMerge).toContain('tender/tenderers');
    expect(MERGE_RULES_1_0.wholeListMerge).not.toContain('awards');
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
      wholeListMerge: ['lots/codes', 'notes', 'tags'],
      omitWhenMerged: ['id'],
    });
  });

  it('throws a TypeError when the schema is not an object', () => {
    expect(() => deriveMergeRules([])).toThrow(TypeError);
  });
});
