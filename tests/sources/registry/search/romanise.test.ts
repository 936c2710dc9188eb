import { describe, expect, it } from 'vitest';
import { MAX_ROMANISATIONS, romanise, searchKey } from '../../../../src/sources/registry/search/index.js';

/** Known names and spellings their romanisations must include (MNS 5217, BGN/PCGN, informal). */
const KNOWN: readonly (readonly [string, readonly string[]])[] = [
  ['Оюутолгой', ['oyuutolgoi', 'oyutolgoi', 'oyuutolgoy']],
  ['Оюу толгой', ['oyuu tolgoi', 'oyu tolgoi']],
  ['Эрдэнэт', ['erdenet']],
  ['Тавантолгой', ['tavantolgoi', 'tavantolgoy']],
  ['Хөвсгөл', ['khövsgöl', 'khuvsgul', 'hovsgol', 'khoevsgoel', 'xovsgol', 'huvsgul']],
  ['Үүрийн гэгээ', ['üüriin gegee', 'uuriin gegee', 'ueueriin gegee', 'urin gege']],
  ['Улаанбаатар', ['ulaanbaatar', 'ulanbatar']],
  ['Цэцэрлэг', ['tsetserleg', 'cecerleg']],
  ['Жаргалсайхан', ['jargalsaikhan', 'zhargalsaykhan', 'jargalsaihan']],
  ['Зуунмод', ['zuunmod', 'dzuunmod']],
  ['Дархан', ['darkhan', 'darhan', 'darxan']],
  ['Щетинкин', ['shyetinkin', 'shchyetinkin', 'shetinkin']],
  ['Ховд', ['khovd', 'hovd']],
  ['Багануур', ['baganuur', 'baganur']],
];

describe('romanise', () => {
  it.each(KNOWN)('spells %s in every common system', (name, spellings) => {
    const variants = romanise(name);
    for (const spelling of spellings) expect(variants).toContain(spelling);
  });

  it('lists MNS 5217:2012 first, then BGN/PCGN', () => {
    expect(romanise('Хөвсгөл')[0]).toBe('khövsgöl');
    const [mns, bgn] = romanise('Щетинкиний нэрэмжит');
    expect(mns).toBe('shyetinkinii neremjit');
    expect(bgn).toBe('shchyetinkinii neremjit');
    // BGN/PCGN writes the soft sign as an apostrophe, which normalisation drops.
    expect(romanise('Дарь')).toEqual(['dari', 'dar']);
  });

  it('normalises its input first', () => {
    expect(romanise('ЭРДЭНЭТ')).toEqual(romanise('эрдэнэт'));
    expect(romanise('Тавантолгои\u0306')).toEqual(romanise('Тавантолгой'));
  });

  it('keeps characters that are not Cyrillic', () => {
    expect(romanise('138 дугаар')[0]).toBe('138 dugaar');
  });

  it('returns at most MAX_ROMANISATIONS distinct variants for a long name', () => {
    const variants = romanise('Архангай аймгийн Жаргалант сумын эетэй гүн оюутан залуучуудын холбоо');
    expect(variants.length).toBe(MAX_ROMANISATIONS);
    expect(new Set(variants).size).toBe(variants.length);
  });
});

describe('searchKey', () => {
  it('gives a name and its romanisations one key', () => {
    for (const query of ['Оюутолгой', 'Оюу толгой', 'ОЮУТОЛГОЙ', 'oyu tolgoi', 'Oyu Tolgoi', 'oyutolgoi']) {
      expect(searchKey(query)).toBe('utulgu');
    }
    for (const query of ['Хөвсгөл', 'khövsgöl', 'Khuvsgul', 'hovsgol', 'Xovsgol', 'Khoevsgoel']) {
      expect(searchKey(query)).toBe('huvsgul');
    }
  });

  it('folds the documented classes', () => {
    expect(searchKey('Тавантолгой')).toBe('tavantulgu');
    expect(searchKey('Эрдэнэт')).toBe('erdenet');
    expect(searchKey('Цэцэрлэг')).toBe(searchKey('Tsetserleg'));
    expect(searchKey('Цэцэрлэг')).toBe('cecerleg');
    expect(searchKey('Чингис')).toBe('čngs');
    expect(searchKey('Шарын гол')).toBe(searchKey('Sharyn gol'));
    expect(searchKey('Щ')).toBe(searchKey('Ш'));
    expect(searchKey('Жаргал')).toBe(searchKey('Zhargal'));
    expect(searchKey('Зуунмод')).toBe(searchKey('Dzuunmod'));
    expect(searchKey('Үүрийн гэгээ')).toBe('urngege');
    expect(searchKey('Ёс')).toBe(searchKey('yos'));
    expect(searchKey('Яргуй')).toBe(searchKey('Iargui'));
  });

  it('ignores spaces, punctuation and case', () => {
    expect(searchKey('Эрдэнэт-Үйлдвэр')).toBe(searchKey('ЭРДЭНЭТҮЙЛДВЭР'));
    expect(searchKey('  erdenet uildver ')).toBe(searchKey('Эрдэнэт Үйлдвэр'));
  });

  it('keeps front and back vowels apart', () => {
    expect(searchKey('Эрдэнэ')).not.toBe(searchKey('Ордоно'));
  });

  it('is empty for text made only of dropped letters', () => {
    expect(searchKey('ий')).toBe('');
    expect(searchKey('')).toBe('');
  });
});
