import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFileText } from '../../../src/replay/ocds-data.js';
import { encodeText } from '../../../src/replay/charset.js';
import { compileStored, readFeedPage, type FeedPage } from '../../../src/sources/procurement/harvest.js';
import { decodeBody } from '../../../src/upstream/charset.js';

/**
 * Real publishers' data (tests/fixtures/publishers/, see SOURCES.md there) read the way the harvest reads
 * a feed page and compiles a process, one quirk class a test: what can be read in the standard's shape is
 * kept with a note per value read differently, what cannot is quarantined with where and why. The classes
 * no real excerpt was found for use `fictional/quirks.json`.
 */

const ORIGIN = 'https://ocds.example.org';
const DIR = new URL('../../fixtures/publishers/', import.meta.url);
const bytes = (file: string) => readFileSync(new URL(file, DIR));
const json = (file: string) => JSON.parse(bytes(file).toString('utf8')) as Record<string, unknown>;
/** The releases of a JSON Lines file, in a release package as the replay server serves them. */
const lines = (file: string) => ({
  releases: bytes(file)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>),
});
const compile = (page: FeedPage) =>
  compileStored(
    page.releases.map((r) => r.raw),
    page.meta,
  );

const CDMX = 'mexico-cdmx/release-package-iso-8859-1.json';
const CDMX_OCID = 'OCDS-87SD3T-SEFIN-DRM-AD-024-2016';
const cdmx = () => JSON.parse(decodeBody('PROCUREMENT', bytes(CDMX), 'application/json; charset=iso-8859-1'));

describe('a package in ISO-8859-1 (Mexico City)', () => {
  it('is read intact when its charset is declared, and would not be as UTF-8', () => {
    const declared = decodeBody('PROCUREMENT', bytes(CDMX), 'application/json; charset=iso-8859-1');
    expect(declared).toContain('"name":"SECRETARÍA DE FINANZAS"');
    expect(declared).not.toContain('\ufffd');
    // Undeclared, an HTTP body is UTF-8: the Í of SECRETARÍA is not, and is lost.
    expect(decodeBody('PROCUREMENT', bytes(CDMX), 'application/json')).toContain('SECRETAR\ufffdA');
  });

  it('is read intact from a file, which declares nothing', () => {
    const text = decodeFileText(bytes(CDMX));
    expect(text).toBe(decodeBody('PROCUREMENT', bytes(CDMX), 'application/json; charset=iso-8859-1'));
    // A file in UTF-8 (with or without a mark) and one in UTF-16 with a mark read as the same text.
    expect(decodeFileText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeFileText(encodeText(text, 'utf-8', true))).toBe(text);
    expect(decodeFileText(encodeText(text, 'utf-16le', true))).toBe(text);
    expect(decodeFileText(encodeText(text, 'utf-16be', true))).toBe(text);
  });

  it('keeps the upper-case ocid as published and reads the package as OCDS 1.0', () => {
    const page = readFeedPage(cdmx(), ORIGIN);
    expect(page.quarantined).toEqual([]);
    expect(page.coercions).toBe(0);
    expect(page.releases.map((r) => [r.ocid, r.id])).toEqual([
      [CDMX_OCID, '01'],
      [CDMX_OCID, '02'],
      [CDMX_OCID, '03'],
    ]);
    expect(page.meta).toMatchObject({ version: null, publisher: 'CDMX-SEFIN', license: null });
  });

  it('merges its releases with the OCDS 1.0 rules: tenderers without ids are one list, not appended', () => {
    const p = compile(readFeedPage(cdmx(), ORIGIN));
    expect(p).not.toBeNull();
    expect(p!.ocid).toBe(CDMX_OCID);
    expect(p!.releaseCount).toBe(3);
    // Three releases each list the same three tenderers: 1.0 replaces the list, 1.1 would give nine.
    expect(p!.tender?.tenderers?.map((t) => t.name)).toEqual([
      'COMERCIALIZADORA DE EQUIPOS',
      'SERVICIO TÉCNICO A EQUIPOS SOF,',
      'Técnicos Verticales de México,',
    ]);
    expect(p!.tender?.value).toEqual({ amount: 193817.39, currency: 'MXN' });
    // The award's value is the latest release's; the earlier ones had no currency (`null`).
    expect(p!.awards.map((a) => [a.id, a.value])).toEqual([['1', { amount: 193817.35, currency: 'MXN' }]]);
    expect(p!.contracts.map((c) => [c.id, c.value])).toEqual([['1', { amount: 193817.35, currency: 'MXN' }]]);
    expect(p!.buyer?.name).toBe('SECRETARÍA DE FINANZAS');
    expect(p!.dataNotes).toEqual([]);
  });
});

describe('a record package with compiled releases (Paraguay, DNCP)', () => {
  it('lists the record as its publisher compiled it: only a linked release, and the compiled one', () => {
    const page = readFeedPage(json('paraguay-dncp/record-package-1.0.json'), ORIGIN);
    expect(page.quarantined).toEqual([]);
    expect(page.releases).toEqual([]);
    expect(page.compiled).toHaveLength(1);
    const p = page.compiled[0]!;
    expect(p.ocid).toBe('ocds-03ad3f-193399');
    expect(p.compiledByGateway).toBe(false);
    expect(p.provenance.version ?? null).toBeNull();
    // `"amount": null` is no value, not zero.
    expect(p.tender?.value).toBeNull();
    expect(p.awards.map((a) => [a.id, a.value, a.suppliers.map((s) => s.name)])).toEqual([
      ['193399-adquisicion-scanner', { amount: 135630400, currency: 'PYG' }, ['MASTER SOFT SRL']],
    ]);
  });

  it('reads a contract-only release of a package without version', () => {
    const page = readFeedPage(json('paraguay-dncp/release-package-1.0.json'), ORIGIN);
    expect(page.quarantined).toEqual([]);
    expect(page.meta).toMatchObject({
      version: null,
      publisher: 'DNCP - Paraguay',
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    const p = compile(page);
    expect(p!.tender).toBeNull();
    expect(p!.contracts.map((c) => [c.id, c.value])).toEqual([
      ['246807-11-setiembre-srl-4', { amount: 17875000, currency: 'PYG' }],
    ]);
  });
});

describe('Moldova: "" for values, {} for lists, lower-case currency, milestones without ids', () => {
  const MOLDOVA = 'moldova-ppa/releases.jsonl';

  it('reads releases whose milestone has no id (not quarantined)', () => {
    const page = readFeedPage(lines(MOLDOVA), ORIGIN);
    expect(page.quarantined).toEqual([]);
    expect(page.releases.map((r) => [r.ocid, r.id])).toEqual([
      ['ocds-ngfbwp-16949496', '16949496'],
      ['ocds-ngfbwp-19648332', '19648332'],
    ]);
    // That milestone is `{"documents": {}}`: empty once its `{}` is read as a list, so the merge drops it,
    // as the reference does with an empty object.
    const p = compile({ ...page, releases: page.releases.slice(0, 1) })!;
    expect(p.tender?.milestones).toEqual([]);
  });

  it('reads each quirk of a release coerced, with a note', () => {
    const page = readFeedPage({ releases: [lines(MOLDOVA).releases[0]!] }, ORIGIN);
    expect(page.quarantined).toEqual([]);
    const p = compile(page)!;
    const notes = p.dataNotes.map((n) => [n.path, n.rule, n.original]);
    expect(notes).toEqual(
      expect.arrayContaining([
        ['tender/value/amount', 'EMPTY_STRING', '""'],
        ['tender/documents/0/datePublished', 'EMPTY_STRING', '""'],
        ['tender/amendment/changes', 'OBJECT_FOR_LIST', '{}'],
        ['awards/0/date', 'EMPTY_STRING', '""'],
        ['awards/0/value/currency', 'CURRENCY_CASE', '"mdl"'],
        ['awards/0/items/0/quantity', 'EMPTY_STRING', '""'],
        ['awards/0/items/0/unit/value/amount', 'EMPTY_STRING', '""'],
        ['contracts/0/value/currency', 'CURRENCY_CASE', '"mdl"'],
      ]),
    );
    expect(p.coercions).toBe(p.dataNotes.length);
    expect(p.dataNotes.every((n) => n.releaseId === '16949496')).toBe(true);
    expect(p.awards.map((a) => [a.id, a.value, a.date])).toEqual([
      ['award-17956599', { amount: 203179.71, currency: 'MDL' }, null],
    ]);
    expect(p.contracts.map((c) => c.value)).toEqual([{ amount: 203179.71, currency: 'MDL' }]);
    // `"amount": "", "currency": ""`: no value at all.
    expect(p.tender?.value).toBeNull();
    expect(p.tender?.documents.map((d) => d.datePublished)).toEqual([null]);
  });
});

describe('fictional excerpts for the classes no real one was found for', () => {
  const FICT = 'fictional/quirks.json';
  const OCID = 'ocds-xxxxxxxx-fict-0001';

  it('reads a string tag and a missing initiationType, with a note each, and an 8-character prefix', () => {
    const page = readFeedPage(json(FICT), ORIGIN);
    expect(page.quarantined).toEqual([]);
    expect(page.releases.map((r) => [r.ocid, r.id])).toEqual([
      [OCID, 'fict-0001-tender'],
      [OCID, 'fict-0001-award'],
    ]);
    expect(page.coercions).toBe(4);
    const p = compile(page)!;
    expect(p.dataNotes.map((n) => [n.releaseId, n.path, n.rule, n.original])).toEqual(
      expect.arrayContaining([
        ['fict-0001-tender', 'tag', 'TAG_STRING', '"tender"'],
        ['fict-0001-tender', 'initiationType', 'INITIATION_TYPE_MISSING', 'absent'],
        ['fict-0001-award', 'tag', 'TAG_STRING', '"award"'],
        ['fict-0001-award', 'initiationType', 'INITIATION_TYPE_MISSING', 'absent'],
      ]),
    );
    expect(p.coercions).toBe(4);
    expect(p.initiationType).toBe('tender');
    expect(p.awards.map((a) => a.value)).toEqual([{ amount: 118000000, currency: 'MNT' }]);
  });

  it('reads a page in windows-1251 when its charset is declared', () => {
    const body = encodeText(bytes(FICT).toString('utf8'), 'windows-1251', false);
    const page = readFeedPage(
      JSON.parse(decodeBody('PROCUREMENT', body, 'application/json; charset=windows-1251')),
      ORIGIN,
    );
    expect(compile(page)!.buyer?.name).toBe('Сангийн яам (зохиомол)');
  });
});
