/**
 * Drift variants (and the drift every payload shares) live in a module without imports, so that route
 * modules can name them without an import cycle through `types.ts` (which names every module's options).
 */
/** Ways to break an upstream payload while keeping it valid JSON (see `src/replay/README.md`). */
export type DriftVariant =
  'number-as-string' | 'missing-required' | 'object-instead-of-array' | 'renamed-field' | 'wrong-type';

/** The `number-as-string` drift: every numeric `amount` below `value` becomes a string, in place. */
export function stringifyAmounts(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(stringifyAmounts);
  } else if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(object)) {
      if (k === 'amount' && typeof v === 'number') object[k] = String(v);
      else stringifyAmounts(v);
    }
  }
}
