import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../../../src/sources/registry/search/index.js';

describe('normaliseText', () => {
  it('composes NFD input so that и + combining breve equals й', () => {
    const nfd = 'Тавантолгои\u0306';
    expect(nfd).not.toBe('Тавантолгой');
    expect(normaliseText(nfd)).toBe('тавантолгой');
    expect(normaliseText(nfd)).toBe(normaliseText('Тавантолгой'));
  });

  it('lower-cases Cyrillic, Mongolian and Latin letters', () => {
    expect(normaliseText('ОЮУТОЛГОЙ')).toBe('оюутолгой');
    expect(normaliseText('ӨМНӨГОВЬ ҮҮРИЙН ЁС')).toBe('өмнөговь үүрийн ёс');
    expect(normaliseText('Oyu TOLGOI')).toBe('oyu tolgoi');
  });

  it('folds a Latin look-alike inside a Cyrillic word to Cyrillic', () => {
    // Latin o in the middle, Latin C at the start (as in «Би Эф Cи инвест» in the register).
    expect(normaliseText('Оюутoлгой')).toBe('оюутолгой');
    expect(normaliseText('Би Эф Cи инвест')).toBe('би эф си инвест');
    expect(normaliseText('Бүжин фүүдc')).toBe('бүжин фүүдс');
  });

  it('folds a Cyrillic look-alike inside a Latin word to Latin', () => {
    // Cyrillic М followed by Latin letters, and a Cyrillic о inside a Latin word.
    expect(normaliseText('\u041Coscow')).toBe('moscow');
    expect(normaliseText('Oyu t\u043Elgoi')).toBe('oyu tolgoi');
  });

  it('reads keyboard and legacy-font substitutes for ө and ү in Cyrillic words', () => {
    expect(normaliseText('эмэгтэйчvvдийн')).toBe('эмэгтэйчүүдийн');
    expect(normaliseText('Өмнєговь')).toBe('өмнөговь');
    expect(normaliseText('Торгоны-Їйл')).toBe('торгоны үйл');
  });

  it('leaves a word that is Latin throughout alone', () => {
    expect(normaliseText('Xac bank')).toBe('xac bank');
  });

  it('removes zero-width characters, bidi controls and NUL', () => {
    expect(normaliseText('Оюу\u200Bтолгой')).toBe('оюутолгой');
    expect(normaliseText('\u202EОюутолгой\u202C')).toBe('оюутолгой');
    expect(normaliseText('Оюу\u0000толгой\uFEFF')).toBe('оюутолгой');
    expect(normaliseText('\u2066Erdenet\u2069\u200D')).toBe('erdenet');
    expect(normaliseText('Эрдэ\u00ADнэт')).toBe('эрдэнэт');
  });

  it('collapses punctuation and whitespace into single spaces and trims', () => {
    expect(normaliseText('  Эрдэнэт-Үйлдвэр,\tХХК  /ГХО/ \n')).toBe('эрдэнэт үйлдвэр ххк гхо');
    expect(normaliseText('«Оюу»   толгой!!')).toBe('оюу толгой');
  });

  it("drops apostrophes, so BGN/PCGN's soft sign does not split a word", () => {
    expect(normaliseText("Dar'khan")).toBe('darkhan');
    expect(normaliseText('Dar\u2019khan')).toBe('darkhan');
  });

  it('turns a lone surrogate into a separator instead of failing', () => {
    expect(normaliseText('Оюу\uD800толгой')).toBe('оюу толгой');
    expect(normaliseText('\uDC00')).toBe('');
  });

  it('keeps digits', () => {
    expect(normaliseText('138 дугаар цэцэрлэг')).toBe('138 дугаар цэцэрлэг');
  });
});
