import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LEGAL_FORM_CODES, toLegalForm } from '../../../src/sources/registry/index.js';

const extract = gunzipSync(
  readFileSync(
    fileURLToPath(new URL('../../../data/registry/mongolian_company_names.full.psv.gz', import.meta.url)),
  ),
)
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('|')[1]!);

const counts = new Map<string, number>();
for (const raw of extract) counts.set(raw, (counts.get(raw) ?? 0) + 1);

describe('toLegalForm', () => {
  it('maps every raw code of the real extract, leaving 53 entities of 8 rare codes as OTHER', () => {
    expect(counts.size).toBe(36);
    const other = [...counts].filter(([raw]) => toLegalForm(raw) === 'OTHER');
    // The tail README.md documents: codes whose meaning no source states.
    expect(Object.fromEntries(other)).toEqual({
      ТБАГ: 23,
      УТҮГ: 9,
      ГХОХХН: 9,
      Холбоо: 7,
      ЭШБ: 2,
      ҮХБ: 1,
      'ХХК /ТБОНӨО/': 1,
      НЭЗХЭ: 1,
    });
    expect(other.reduce((n, [, c]) => n + c, 0)).toBe(53);
  });

  it('maps the common codes as docs/upstreams.md "Legal forms" reads them', () => {
    const byForm = new Map<string, number>();
    for (const [raw, n] of counts) byForm.set(toLegalForm(raw), (byForm.get(toLegalForm(raw)) ?? 0) + n);
    expect(byForm.get('LLC')).toBe(139_855);
    expect(byForm.get('LLC_FOREIGN_INVESTED')).toBe(10_857);
    expect(byForm.get('JOINT_STOCK_COMPANY')).toBe(251);
    expect(byForm.get('PARTNERSHIP')).toBe(2663 + 2144 + 347);
    expect(byForm.get('FREE_ZONE_ENTITY')).toBe(106 + 44 + 4);
    expect(byForm.get('COOPERATIVE')).toBe(4444 + 29);
    expect(toLegalForm('ХХК /ГХО/')).toBe('LLC_FOREIGN_INVESTED');
    expect(toLegalForm('ТӨХК')).toBe('STATE_OWNED_JSC');
    expect(toLegalForm('Төрийн өмчит')).toBe('STATE_OWNED');
  });

  it('has a table entry for every code it documents, each reachable', () => {
    for (const [code, form] of Object.entries(LEGAL_FORM_CODES)) expect(toLegalForm(code)).toBe(form);
  });

  it('reads spacing and case variants as the published code', () => {
    for (const variant of ['ХХК/ГХО/', 'ХХК / ГХО /', ' ХХК  /ГХО/\n', 'ХХК\u00a0/ГХО/', 'ххк /гхо/'])
      expect(toLegalForm(variant), variant).toBe('LLC_FOREIGN_INVESTED');
    expect(toLegalForm('Хоршоо/ХЗХ/')).toBe('SAVINGS_CREDIT_COOPERATIVE');
    expect(toLegalForm('замын-үүд  чөлөөт бүс')).toBe('FREE_ZONE_ENTITY');
  });

  it('maps unknown, empty and lookalike codes to OTHER', () => {
    expect(toLegalForm('')).toBe('OTHER');
    expect(toLegalForm('LLC')).toBe('OTHER');
    expect(toLegalForm('XXK')).toBe('OTHER'); // Latin letters that look Cyrillic
  });
});
