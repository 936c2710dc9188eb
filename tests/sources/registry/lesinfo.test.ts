import { describe, expect, it } from 'vitest';
import { decodeEntities, readEntityPage, readLabelledRows } from '../../../src/sources/registry/lesinfo.js';

const page = (rows: string, extra = ''): string =>
  `<!DOCTYPE html><html><body><table>${rows}</table>${extra}</body></html>`;

describe('readEntityPage', () => {
  it('reads the labelled rows of the public record', () => {
    const html = page(
      '<tr><td>Нэр</td><td>Мөнхсэврэг Хүнс Худалдаа ХХК</td></tr>' +
        '<tr><td>Хэлбэр</td><td>ХХК</td></tr>' +
        '<tr><td>Регистер</td><td>0960021</td></tr>' +
        '<tr><td>Үүсгэн байгуулагдсан</td><td>2010-07-08</td></tr>',
      '<p data-fictional="true">Fictional.</p>',
    );
    expect(readEntityPage(html, '0960021')).toEqual({
      registerNumber: '0960021',
      name: 'Мөнхсэврэг Хүнс Худалдаа ХХК',
      legalForm: 'LLC',
      legalFormRaw: 'ХХК',
      registeredOn: '2010-07-08',
      fictional: true,
    });
  });

  it('is loose about markup: th cells, attributes, nested tags, entities, comments, other tables', () => {
    const html = page(
      '<!-- <tr><td>Нэр</td><td>commented out</td></tr> -->' +
        '<TR class="a"><TH scope="row">Нэр</TH><TD><b>Говийн &quot;Б&quot;</b>&nbsp;&amp; хамт</TD></TR>\n' +
        '<tr><th>Хэлбэр</th><td> ХХК  /ГХО/ </td></tr>' +
        '<tr><td>Регистер</td><td>\n 2657457\n</td></tr>' +
        '<tr><td>Үүсгэн байгуулагдсан</td><td>2004.05.17</td></tr>',
      '<table><tr><td>1</td><td>Иргэн</td><td>Монгол</td><td>Нэр</td><td>2010</td></tr></table>',
    );
    expect(readEntityPage(html, '2657457')).toMatchObject({
      name: 'Говийн "Б" & хамт',
      legalForm: 'LLC_FOREIGN_INVESTED',
      legalFormRaw: 'ХХК /ГХО/',
      registeredOn: '2004-05-17',
      fictional: false,
    });
  });

  it('leaves absent facts null or empty rather than inventing them', () => {
    const html = page('<tr><td>Нэр</td><td>Оюутолгой</td></tr><tr><td>Регистер</td><td>2657457</td></tr>');
    expect(readEntityPage(html, '2657457')).toEqual({
      registerNumber: '2657457',
      name: 'Оюутолгой',
      legalForm: 'OTHER',
      legalFormRaw: '',
      registeredOn: null,
      fictional: false,
    });
  });

  it.each([
    ['<html><body>Just a moment...</body></html>', 'the page has no "Нэр" row'],
    [page('<tr><td>Нэр</td><td>X</td></tr>'), 'the page has no "Регистер" row'],
    [
      page('<tr><td>Нэр</td><td>X</td></tr><tr><td>Регистер</td><td>2657458</td></tr>'),
      'another register number',
    ],
    [
      page(
        '<tr><td>Нэр</td><td>X</td></tr><tr><td>Регистер</td><td>2657457</td></tr>' +
          '<tr><td>Үүсгэн байгуулагдсан</td><td>2010-02-30</td></tr>',
      ),
      'is not a date',
    ],
  ])('treats a page that does not describe the entity as drift (%#)', (html, message) => {
    expect(() => readEntityPage(html, '2657457')).toThrow(message);
  });

  it('keeps the first row of a repeated label', () => {
    const rows = readLabelledRows(page('<tr><td>Нэр</td><td>A</td></tr><tr><td>Нэр</td><td>B</td></tr>'));
    expect(rows.get('Нэр')).toBe('A');
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric references and leaves unknown ones', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&#39;&#x41;&#1202;&unknown;&#0;')).toBe(
      '<>&"\'AҲ&unknown;&#0;',
    );
  });
});
