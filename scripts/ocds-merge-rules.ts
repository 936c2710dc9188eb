/**
 * Derives the OCDS merge rules from the release schemas and prints `src/sources/procurement/merge-rules.ts`.
 * Run after updating a schema copy, and commit the result:
 *
 *   npx tsx scripts/ocds-merge-rules.ts > src/sources/procurement/merge-rules.ts
 *
 * The gateway never reads the schemas at run time; `tests/sources/procurement/merge-rules.test.ts` fails
 * when the committed constants no longer match.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

/** Repository-relative locations of the schemas the committed rules were derived from, by OCDS version. */
export const RELEASE_SCHEMA_PATHS = {
  '1.0': 'data/procurement/schema-1.0.3/release-schema.json',
  '1.1': 'data/procurement/schema-1.1.5/release-schema.json',
} as const;

const OUTPUT_PATH = 'src/sources/procurement/merge-rules.ts';

/** The rule sets the merge routine needs, as sorted field paths (`tender/items/additionalClassifications`). */
export interface MergeRules {
  readonly wholeListMerge: readonly string[];
  readonly omitWhenMerged: readonly string[];
}

type JsonSchema = Readonly<Record<string, unknown>>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function types(schema: JsonSchema): readonly unknown[] {
  const type = schema['type'];
  return Array.isArray(type) ? type : type === undefined ? [] : [type];
}

/**
 * Walks a release schema (following `#/definitions/...` references) and collects, per field path with
 * array indices left out, the two merge rules (schema/merging, "Discarded fields" and "Whole list merge"),
 * as the reference implementation reads them:
 *
 * - omitted: `"omitWhenMerged": true` (OCDS 1.0: `"mergeStrategy": "ocdsOmit"`); nothing under it counts;
 * - merged whole: an array with `"wholeListMerge": true` (1.0: `"mergeStrategy": "ocdsVersion"`), an array
 *   whose items may be something other than an object, or whose item objects have no `id` property;
 *   nothing under it counts;
 * - otherwise the walk goes on into an object's properties and into the properties of an array's items.
 */
export function deriveMergeRules(releaseSchema: unknown): MergeRules {
  if (!isSchema(releaseSchema)) throw new TypeError('The release schema must be a JSON object.');
  const definitions = isSchema(releaseSchema['definitions']) ? releaseSchema['definitions'] : {};
  const wholeListMerge = new Set<string>();
  const omitWhenMerged = new Set<string>();

  const resolve = (
    schema: JsonSchema,
    seen: ReadonlySet<string>,
  ): [JsonSchema, ReadonlySet<string>] | null => {
    const ref = schema['$ref'];
    if (typeof ref !== 'string') return [schema, seen];
    const name = ref.replace(/^#\/definitions\//, '');
    const target = definitions[name];
    // A reference already on the current path would recurse for ever; the OCDS schemas have none.
    if (!isSchema(target) || seen.has(name)) return null;
    // Keywords beside a `$ref` are ignored, as JSON Schema draft 4 and the reference both ignore them.
    return [target, new Set([...seen, name])];
  };

  const walkProperties = (schema: JsonSchema, prefix: string, seen: ReadonlySet<string>): void => {
    const properties = schema['properties'];
    if (!isSchema(properties)) return;
    for (const [name, raw] of Object.entries(properties)) {
      if (!isSchema(raw)) continue;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const resolved = resolve(raw, seen);
      if (resolved === null) continue;
      const [field, fieldSeen] = resolved;
      const kinds = types(field);
      if (field['omitWhenMerged'] === true || field['mergeStrategy'] === 'ocdsOmit') {
        omitWhenMerged.add(path);
      } else if (
        kinds.includes('array') &&
        (field['wholeListMerge'] === true || field['mergeStrategy'] === 'ocdsVersion')
      ) {
        wholeListMerge.add(path);
      } else if (kinds.includes('object') && isSchema(field['properties'])) {
        walkProperties(field, path, fieldSeen);
      } else if (kinds.includes('array') && isSchema(field['items'])) {
        const items = resolve(field['items'], fieldSeen);
        if (items === null) continue;
        const [itemSchema, itemSeen] = items;
        const itemKinds = types(itemSchema);
        const itemProperties = itemSchema['properties'];
        if (itemKinds.some((k) => k !== 'object')) wholeListMerge.add(path);
        else if (itemKinds.includes('object') && isSchema(itemProperties)) {
          if ('id' in itemProperties) walkProperties(itemSchema, path, itemSeen);
          else wholeListMerge.add(path);
        }
      }
    }
  };

  walkProperties(releaseSchema, '', new Set());
  return { wholeListMerge: [...wholeListMerge].sort(), omitWhenMerged: [...omitWhenMerged].sort() };
}

/** The TypeScript module committed as `merge-rules.ts`, formatted with the repository's Prettier settings. */
export async function renderMergeRules(
  byVersion: Readonly<Record<keyof typeof RELEASE_SCHEMA_PATHS, { rules: MergeRules; schemaId: string }>>,
): Promise<string> {
  const list = (paths: readonly string[]): string => paths.map((p) => JSON.stringify(p)).join(', ');
  const constant = (version: keyof typeof RELEASE_SCHEMA_PATHS): string => {
    const { rules, schemaId } = byVersion[version];
    return `/** OCDS ${version}: derived from ${RELEASE_SCHEMA_PATHS[version]} (\`id\` ${schemaId}). */
export const MERGE_RULES_${version.replace('.', '_')}: MergeRules = {
  wholeListMerge: new Set([${list(rules.wholeListMerge)}]),
  omitWhenMerged: new Set([${list(rules.omitWhenMerged)}]),
};
`;
  };
  const text = `/**
 * OCDS merge rules, derived from the release schema of each OCDS version
 * by \`npx tsx scripts/ocds-merge-rules.ts\`, once, at build time. Do not edit by hand: regenerate.
 * Paths are field names joined by \`/\`, with array indices left out (\`awards/items/additionalClassifications\`).
 */

/** The rules of one OCDS version. */
export interface MergeRules {
  /** Arrays replaced whole: \`wholeListMerge\`, items that may be non-objects, or item objects without an \`id\`. */
  readonly wholeListMerge: ReadonlySet<string>;
  /** Fields discarded when merging (\`omitWhenMerged\`); the compiled release sets its own. */
  readonly omitWhenMerged: ReadonlySet<string>;
}

${constant('1.0')}
${constant('1.1')}`;
  const root = fileURLToPath(new URL('../', import.meta.url));
  const config = (await resolveConfig(`${root}${OUTPUT_PATH}`)) ?? {};
  return format(text, { ...config, parser: 'typescript' });
}

/** Reads a release schema file: its rules and its `id`. */
export async function readMergeRules(schemaFile: string): Promise<{ rules: MergeRules; schemaId: string }> {
  const schema: unknown = JSON.parse(await readFile(schemaFile, 'utf8'));
  const schemaId = isSchema(schema) && typeof schema['id'] === 'string' ? schema['id'] : 'unknown schema id';
  return { rules: deriveMergeRules(schema), schemaId };
}

/** Reads the schema of every version (paths relative to `root`) and returns the rendered module. */
export async function generateMergeRules(root: URL): Promise<string> {
  const read = (version: keyof typeof RELEASE_SCHEMA_PATHS) =>
    readMergeRules(fileURLToPath(new URL(RELEASE_SCHEMA_PATHS[version], root)));
  return renderMergeRules({ '1.0': await read('1.0'), '1.1': await read('1.1') });
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.stdout.write(await generateMergeRules(new URL('../', import.meta.url)));
}
