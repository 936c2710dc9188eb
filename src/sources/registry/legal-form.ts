import type { LegalForm } from '../../domain/organization.js';

/**
 * The register's legal-form codes (Хэлбэр) and the enum value each maps to (docs/upstreams.md "Legal forms"; the table
 * with counts and meanings is in README.md). Codes not listed here map to `OTHER`; the raw code is always
 * kept beside the enum, so nothing is lost.
 */
export const LEGAL_FORM_CODES: Readonly<Record<string, LegalForm>> = {
  ХХК: 'LLC',
  'ХХК /ГХО/': 'LLC_FOREIGN_INVESTED',
  'ХХК /ББСБ/': 'LLC_NON_BANK_FINANCIAL',
  'ХХК /Аудит/': 'LLC_AUDIT',
  'ХХК /Даатгал/': 'LLC_INSURANCE',
  'ХХК /Банк/': 'LLC_BANK',
  ХК: 'JOINT_STOCK_COMPANY',
  ТӨХК: 'STATE_OWNED_JSC',
  'Төрийн өмчит': 'STATE_OWNED',
  'Орон нутгийн өмчит': 'LOCALLY_OWNED',
  // Орон нутгийн өмчит ХК (locally-owned joint-stock company) [meaning inferred from ТӨХК's].
  ОНӨХК: 'LOCALLY_OWNED',
  ТБАГУТҮГ: 'BUDGET_ORGANISATION',
  НҮТББ: 'NGO_PUBLIC_BENEFIT',
  ГҮТББ: 'NGO_MEMBER_BENEFIT',
  Хоршоо: 'COOPERATIVE',
  'Хоршоо /дундын/': 'COOPERATIVE',
  'Хоршоо /ХЗХ/': 'SAVINGS_CREDIT_COOPERATIVE',
  'Нөхөрлөл /ЗБН/': 'PARTNERSHIP',
  'Нөхөрлөл /ББН/': 'PARTNERSHIP',
  'Нөхөрлөл /ХХН/': 'PARTNERSHIP',
  Сан: 'FOUNDATION',
  ҮЭБ: 'TRADE_UNION',
  ХМБ: 'MEDIA_ORGANISATION',
  БСБ: 'EDUCATIONAL_ORGANISATION',
  ШБ: 'RELIGIOUS_ORGANISATION',
  'Алтанбулаг чөлөөт бүс': 'FREE_ZONE_ENTITY',
  'Замын-Үүд чөлөөт бүс': 'FREE_ZONE_ENTITY',
  'Цагааннуур чөлөөт бүс': 'FREE_ZONE_ENTITY',
};

/**
 * The comparison key of a code: Unicode NFC, upper case, and no whitespace at all, so spacing variants
 * (`ХХК/ГХО/`, `ХХК / ГХО /`, a non-breaking space, a trailing newline) meet the published spelling.
 */
function keyOf(code: string): string {
  return code.normalize('NFC').replace(/\s+/gu, '').toUpperCase();
}

const BY_KEY: ReadonlyMap<string, LegalForm> = new Map(
  Object.entries(LEGAL_FORM_CODES).map(([code, form]) => [keyOf(code), form]),
);

/** The enum value of a raw legal-form code; `OTHER` for codes outside the documented table. */
export function toLegalForm(raw: string): LegalForm {
  return BY_KEY.get(keyOf(raw)) ?? 'OTHER';
}
