/**
 * What the graph never passes on about persons, in the typed fields (`map.ts`, `map-extensions.ts`) and in
 * the OCDS JSON it gives whole (`release-json.ts`). Pure.
 */

/**
 * A Mongolian citizen's register number (two Cyrillic letters, eight digits). Organisations have seven-digit
 * state registration numbers; a personal number in an organisation identifier is dropped, never passed on.
 */
export const PERSONAL_REGISTER_NUMBER = /^[А-ЯЁӨҮ]{2}\s*\d{8}$/iu;

/**
 * Fields that name or reach private persons (OCDS contact points and their parts wherever they appear, the
 * beneficial owners and signatories extensions, addresses of persons): never passed on.
 */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  'contactPoint',
  'additionalContactPoints',
  'beneficialOwners',
  'signatories',
  'persons',
  'email',
  'telephone',
  'faxNumber',
]);

/**
 * A copy of OCDS JSON (a release, a compiled release) without what the mapping never passes on either:
 * fields that name private persons (`PERSONAL_FIELDS`), and every object whose `id` is a personal register
 * number (an identifier of a person), left out of its object or list. For the fields that give OCDS JSON
 * whole: what the graph withholds, they withhold too.
 */
export function withoutPersonalData<T>(json: T): T {
  const personal = (v: unknown) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as { id?: unknown }).id === 'string' &&
    PERSONAL_REGISTER_NUMBER.test((v as { id: string }).id.trim());
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((item) => !personal(item)).map(walk);
    // A personal register number anywhere (an extension field, a free-text id) is withheld.
    if (typeof v === 'string' && PERSONAL_REGISTER_NUMBER.test(v.trim())) return null;
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(v)) {
      if (PERSONAL_FIELDS.has(key) || personal(field)) continue;
      // Defined, not assigned: a `__proto__` key from a payload stays a plain field.
      Object.defineProperty(out, key, {
        value: walk(field),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(json) as T;
}
