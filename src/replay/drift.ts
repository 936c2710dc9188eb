/**
 * Drift variants live in a module without imports, so that route modules can name them without an
 * import cycle through `types.ts` (which names every module's options).
 */
/** Ways to break an upstream payload while keeping it valid JSON (see `src/replay/README.md`). */
export type DriftVariant =
  'number-as-string' | 'missing-required' | 'object-instead-of-array' | 'renamed-field' | 'wrong-type';
