/**
 * Romanisations of Mongolian Cyrillic: MNS 5217:2012 (the national standard, used in passports), BGN/PCGN
 * (1964) and the informal spellings people type. The table is in README.md.
 */
import { normaliseText } from './normalise.js';

/**
 * The Latin spellings of each lower-case Cyrillic letter. The first is MNS 5217:2012, the second (where it
 * differs) BGN/PCGN, the rest informal. Letters not listed romanise as themselves. Left out on purpose, as
 * they would fold other letters together (README.md, "What is not folded"): `j` for `й`, `e` for `ё`,
 * `yo` for `е`, `v`/`q` for `ү`/`ө` in chat spelling.
 */
export const ROMANISATIONS: Readonly<Record<string, readonly string[]>> = {
  а: ['a'],
  б: ['b'],
  в: ['v', 'w'],
  г: ['g'],
  д: ['d'],
  е: ['ye', 'e'],
  ё: ['yo'],
  ж: ['j', 'zh'],
  з: ['z', 'dz'],
  и: ['i'],
  й: ['i', 'y'],
  к: ['k'],
  л: ['l'],
  м: ['m'],
  н: ['n'],
  о: ['o'],
  ө: ['ö', 'o', 'u', 'oe'],
  п: ['p'],
  р: ['r'],
  с: ['s'],
  т: ['t'],
  у: ['u'],
  ү: ['ü', 'u', 'ue'],
  ф: ['f'],
  х: ['kh', 'h', 'x'],
  ц: ['ts', 'c'],
  ч: ['ch'],
  ш: ['sh'],
  щ: ['sh', 'shch'],
  ъ: ['i', ''],
  ы: ['y', 'i'],
  ь: ['i', ''],
  э: ['e'],
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
  // Cyrillic letters of other languages that turn up in names.
  і: ['i'],
  ў: ['u', 'w'],
  ґ: ['g'],
};

/**
 * Whole-string spelling systems tried first, so that a capped list still holds the spellings people use:
 * each maps a letter to the index of its option in `ROMANISATIONS` (missing letters take option 0).
 */
const SYSTEMS: readonly Readonly<Record<string, number>>[] = [
  {}, // MNS 5217:2012: Khövsgöl, Tsetserleg, Jargal
  { щ: 1, ъ: 1, ь: 1 }, // BGN/PCGN: shch, and the signs as apostrophes (dropped by normalisation)
  { ө: 2, ү: 1 }, // passports (MNS without diacritics): Khuvsgul, Uuriin
  { ө: 1, ү: 1, х: 1 }, // plain keyboard spelling: Hovsgol
  { е: 1, ж: 1, й: 1, ъ: 1, ь: 1 }, // Russian-influenced: Zhargal, Tolgoy
  { ө: 3, ү: 2 }, // German-style: Khoevsgoel
  { ө: 1, ү: 1, х: 2, ц: 1 }, // chat spelling: Xovsgol, Cagaan
];

const DOUBLED_VOWEL = /([aeiouöü])\1+/g;

/** Bound on how many romanisations one string yields (the product of options grows quickly). */
export const MAX_ROMANISATIONS = 256;

/**
 * Every common romanisation of a Cyrillic Mongolian string, lower case, most standard first (MNS
 * 5217:2012, then BGN/PCGN, then informal). Each letter is spelt the same way throughout one variant,
 * as people do. Non-Cyrillic characters are kept; the text is normalised first (`normaliseText`).
 * At most `MAX_ROMANISATIONS` variants.
 */
export function romanise(cyrillic: string): string[] {
  const letters = [...normaliseText(cyrillic)];
  const choosable = [...new Set(letters)].filter((letter) => (ROMANISATIONS[letter]?.length ?? 0) > 1);
  const spell = (choice: ReadonlyMap<string, number>): string =>
    letters
      .map((letter) => {
        const options = ROMANISATIONS[letter];
        return options === undefined ? letter : (options[choice.get(letter) ?? 0] ?? letter);
      })
      .join('');

  const variants = new Set<string>();
  for (const system of SYSTEMS) {
    variants.add(spell(new Map(Object.entries(system))));
  }
  // Doubled vowels written once, as in the company's own "Oyu Tolgoi" (MNS `oyuu tolgoi`).
  for (const system of SYSTEMS.slice(0, 4)) {
    variants.add(spell(new Map(Object.entries(system))).replace(DOUBLED_VOWEL, '$1'));
  }
  // Then every combination, odometer-style, until the bound.
  const counters = choosable.map(() => 0);
  for (;;) {
    if (variants.size >= MAX_ROMANISATIONS) break;
    variants.add(spell(new Map(choosable.map((letter, i) => [letter, counters[i] ?? 0]))));
    let position = 0;
    while (position < counters.length) {
      const letter = choosable[position] ?? '';
      const next = (counters[position] ?? 0) + 1;
      if (next < (ROMANISATIONS[letter]?.length ?? 1)) {
        counters[position] = next;
        break;
      }
      counters[position] = 0;
      position += 1;
    }
    if (position === counters.length) break;
  }
  return [...variants];
}

/** The MNS 5217:2012 spelling of one normalised string: the first option of every letter. */
export function romaniseStandard(normalised: string): string {
  let out = '';
  for (const letter of normalised) out += ROMANISATIONS[letter]?.[0] ?? letter;
  return out;
}
