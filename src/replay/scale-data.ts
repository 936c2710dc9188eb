/**
 * What the scale feed (scale-feed.ts) says about one process, derived from (seed, process number) by an
 * integer hash: its buyer, method, category, value, tenderers and fate, from small closed lists. Nothing
 * is stored: the same call always gives the same answer. Every organisation is fictional, with a register
 * number beginning with 09 and a name marked "(зохиомол)".
 */

/** How a process ends, which decides the tag and tender status of each of its releases. */
export type Fate = 'planning' | 'active' | 'complete' | 'cancelled' | 'unsuccessful';

/** One process's fixed traits. */
export interface Traits {
  /** Buyer number, 0 to `SCALE_BUYERS` − 1. */
  readonly buyer: number;
  readonly method: 'open' | 'selective' | 'limited' | 'direct';
  readonly category: 'goods' | 'works' | 'services';
  readonly title: string;
  readonly currency: 'MNT' | 'USD';
  /** Tender (and budget) value. */
  readonly amount: number;
  /** Value of the award, when the process reaches one. */
  readonly awardAmount: number;
  readonly fate: Fate;
  /** Supplier numbers of the tenderers, winner first, all different. */
  readonly tenderers: readonly number[];
}

/** Buyers of the feed: a few hundred, so each buys many processes at scale. */
export const SCALE_BUYERS = 400;
/** Suppliers of the feed. */
export const SCALE_SUPPLIERS = 5000;
/** First register number of a buyer (`0980000`) and of a supplier (`0990000`). */
const BUYER_BASE = 80_000;
const SUPPLIER_BASE = 90_000;

/** A hash of (seed, n, salt) in [0, 1): murmur3's finaliser over the three mixed in. */
function unit(seed: number, n: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((n + 0x632be5ab) | 0, 0xc2b2ae35);
  h = Math.imul(h ^ Math.imul(salt + 1, 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** The first item whose cumulative weight exceeds u. */
function pick<T>(u: number, weighted: readonly (readonly [T, number])[]): T {
  let acc = 0;
  for (const [item, weight] of weighted) {
    acc += weight;
    if (u < acc) return item;
  }
  return (weighted.at(-1) as readonly [T, number])[0];
}

const METHODS = [
  ['open', 0.55],
  ['selective', 0.15],
  ['limited', 0.15],
  ['direct', 0.15],
] as const;
const CATEGORIES = [
  ['goods', 0.45],
  ['works', 0.3],
  ['services', 0.25],
] as const;
const FATES = [
  ['planning', 0.1],
  ['active', 0.2],
  ['complete', 0.5],
  ['cancelled', 0.12],
  ['unsuccessful', 0.08],
] as const;

const SUBJECTS: Readonly<Record<Traits['category'], readonly string[]>> = {
  goods: [
    'Түлш нийлүүлэх',
    'Эмийн хангамж',
    'Сургуулийн тавилга',
    'Компьютер, тоног төхөөрөмж',
    'Хүнсний бүтээгдэхүүн',
  ],
  works: [
    'Сургуулийн барилга',
    'Авто замын засвар',
    'Цэцэрлэгийн барилга',
    'Дулааны шугамын шинэчлэл',
    'Гүүрийн засвар',
  ],
  services: [
    'Харуул хамгаалалт',
    'Цэвэрлэгээний үйлчилгээ',
    'Зураг төсөл боловсруулах',
    'Аудитын үйлчилгээ',
    'Тээврийн үйлчилгээ',
  ],
};
const AIMAGS = [
  'Архангай',
  'Баян-Өлгий',
  'Баянхонгор',
  'Булган',
  'Говь-Алтай',
  'Говьсүмбэр',
  'Дархан-Уул',
  'Дорноговь',
  'Дорнод',
  'Дундговь',
  'Завхан',
  'Орхон',
  'Өвөрхангай',
  'Өмнөговь',
  'Сүхбаатар',
  'Сэлэнгэ',
  'Төв',
  'Увс',
  'Ховд',
  'Хөвсгөл',
  'Хэнтий',
] as const;
const BODIES = [
  'Засаг даргын Тамгын газар',
  'Боловсролын газар',
  'Эрүүл мэндийн газар',
  'Нэгдсэн эмнэлэг',
  'Замын газар',
];
const TRADES = ['Барилга', 'Трейд', 'Инженеринг', 'Технологи', 'Сервис', 'Логистик', 'Эрчим'];

/** The traits of process p under `seed`. */
export function processTraits(seed: number, p: number): Traits {
  const u = (salt: number): number => unit(seed, p, salt);
  const category = pick(u(2), CATEGORIES);
  const currency = u(4) < 0.05 ? 'USD' : 'MNT';
  // Log-uniform: MNT 1 million to about 3 billion (to the thousand), USD 1,000 to 1 million.
  const amount =
    currency === 'MNT' ? Math.round(10 ** (6 + 3.5 * u(5)) / 1000) * 1000 : Math.round(10 ** (3 + 3 * u(5)));
  const winner = Math.floor(u(7) * SCALE_SUPPLIERS);
  const second = (winner + 1 + Math.floor(u(8) * 1000)) % SCALE_SUPPLIERS;
  const third = (second + 1 + Math.floor(u(9) * 1000)) % SCALE_SUPPLIERS;
  const subjects = SUBJECTS[category];
  return {
    buyer: Math.floor(u(0) * SCALE_BUYERS),
    method: pick(u(1), METHODS),
    category,
    title: `${subjects[Math.floor(u(3) * subjects.length)] ?? ''} (№${p + 1})`,
    currency,
    amount,
    awardAmount: Math.round(amount * (0.8 + 0.2 * u(6))),
    fate: pick(u(10), FATES),
    tenderers: u(11) < 0.3 ? [winner] : [winner, second, third],
  };
}

/** Tag, tender status and whether an award is published, for release number v of a process. */
export function stageOf(fate: Fate, v: number): { tag: string[]; status: string; award: boolean } {
  const first = v === 0;
  switch (fate) {
    case 'planning':
      return { tag: [first ? 'planning' : 'planningUpdate'], status: 'planning', award: false };
    case 'cancelled':
      return first
        ? { tag: ['tender'], status: 'active', award: false }
        : { tag: ['tenderCancellation'], status: 'cancelled', award: false };
    case 'active':
      return { tag: [first ? 'tender' : 'tenderUpdate'], status: 'active', award: false };
    case 'unsuccessful':
    case 'complete':
      if (v < 2) return { tag: [first ? 'tender' : 'tenderUpdate'], status: 'active', award: false };
      return fate === 'complete'
        ? { tag: [v === 2 ? 'award' : 'awardUpdate'], status: 'complete', award: true }
        : { tag: ['tenderUpdate'], status: 'unsuccessful', award: false };
  }
}

/** An OCDS party with an MN-CR identifier. */
export interface ScaleParty {
  id: string;
  name: string;
  identifier: { scheme: 'MN-CR'; id: string; legalName: string };
  roles: string[];
}

function party(registerNumber: string, name: string, roles: string[]): ScaleParty {
  return {
    id: `MN-CR-${registerNumber}`,
    name,
    identifier: { scheme: 'MN-CR', id: registerNumber, legalName: name },
    roles,
  };
}

/** Register number of buyer b: `0980000` + b. */
export function buyerRegisterNumber(b: number): string {
  return `09${BUYER_BASE + b}`;
}

/** Buyer b as a party (roles buyer and procuring entity). */
export function buyerParty(b: number): ScaleParty {
  const aimag = AIMAGS[b % AIMAGS.length] ?? '';
  const body = BODIES[Math.floor(b / AIMAGS.length) % BODIES.length] ?? '';
  return party(buyerRegisterNumber(b), `${aimag} аймгийн ${body} №${b + 1} (зохиомол)`, [
    'buyer',
    'procuringEntity',
  ]);
}

/** Supplier s as a party (role tenderer; the winner's roles are set by the caller). */
export function supplierParty(s: number): ScaleParty {
  const trade = TRADES[s % TRADES.length] ?? '';
  return party(`09${SUPPLIER_BASE + s}`, `Жишээ ${trade} ХХК №${s + 1} (зохиомол)`, ['tenderer']);
}
