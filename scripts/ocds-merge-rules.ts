/**
 * Derives the OCDS merge rules from the release schema and prints `src/sources/procurement/merge-rules.ts`.
 * Run after updating the schema copy, and commit the result:
 *
 *   npx tsx scripts/ocds-merge-rules.ts > src/sources/procurement/merge-rules.ts
 *
 * An optional argument names another release schema file. The gateway never reads the schema at run time;
 * `tests/sources/procurement/merge-rules.test.ts` fails when the committed constant no longer matches.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

/** Repository-relative location of the schema the committed rules were derived from. */
export const RELEASE_SCHEMA_PATH = 'data/procurement/schema-1.1.5/release-schema.json';

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
 * Walks the release schema (following `#/definitions/...` references) and collects, per field path with
 * array indices left out, the two merge rules of OCDS 1.1 (schema/merging, "Discarded fields" and "Whole
 * list merge"): fields with `"omitWhenMerged": true`, and arrays merged whole because they have
 * `"wholeListMerge": true` or because their items are objects whose `properties` have no `id`. Arrays
 * whose items are not objects need no entry: the merge routine treats them as literals on sight.
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
    // A reference already on the current path would recurse for ever; OCDS 1.1.5 has none.
    if (!isSchema(target) || seen.has(name)) return null;
    return [target, new Set([...seen, name])];
  };

  const walkProperties = (schema: JsonSchema, prefix: string, seen: ReadonlySet<string>): void => {
    const properties = schema['properties'];
    if (!isSchema(properties)) return;
    for (const [name, raw] of Object.entries(properties)) {
      if (!isSchema(raw)) continue;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (raw['omitWhenMerged'] === true) omitWhenMerged.add(path);
      const resolved = resolve(raw, seen);
      if (resolved === null) continue;
      const [field, fieldSeen] = resolved;
      if (types(field).includes('array')) {
        const rawItems = field['items'];
        const items = isSchema(rawItems) ? resolve(rawItems, fieldSeen) : null;
        if (field['wholeListMerge'] === true) wholeListMerge.add(path);
        if (items === null) continue;
        const [itemSchema, itemSeen] = items;
        const itemProperties = itemSchema['properties'];
        if (types(itemSchema).includes('object') && isSchema(itemProperties) && !('id' in itemProperties)) {
          wholeListMerge.add(path);
        }
        walkProperties(itemSchema, path, itemSeen);
      } else {
        walkProperties(field, path, fieldSeen);
      }
    }
  };

  walkProperties(releaseSchema, '', new Set());
  return { wholeListMerge: [...wholeListMerge].sort(), omitWhenMerged: [...omitWhenMerged].sort() };
}

/** The TypeScript module committed as `merge-rules.ts`, formatted with the repository's Prettier settings. */
export async function renderMergeRules(rules: MergeRules, schemaId: string): Promise<string> {
  const list = (paths: readonly string[]): string => paths.map((p) => JSON.stringify(p)).join(', ');
  const text = `/**
 * OCDS merge rules, derived from the release schema ${RELEASE_SCHEMA_PATH}
 * (\`id\` ${schemaId})
 * by \`npx tsx scripts/ocds-merge-rules.ts\`, once, at build time. Do not edit by hand: regenerate.
 * Paths are field names joined by \`/\`, with array indices left out (\`awards/items/additionalClassifications\`).
 */

/** Arrays replaced whole when merging: \`"wholeListMerge": true\`, or items that are objects without an \`id\`. */
export const WHOLE_LIST_MERGE_PATHS: ReadonlySet<string> = new Set([${list(rules.wholeListMerge)}]);

/** Fields discarded when merging (\`"omitWhenMerged": true\`); the compiled release sets its own. */
export const OMIT_WHEN_MERGED_PATHS: ReadonlySet<string> = new Set([${list(rules.omitWhenMerged)}]);
`;
  const root = fileURLToPath(new URL('../', import.meta.url));
  const config = (await resolveConfig(`${root}${OUTPUT_PATH}`)) ?? {};
  return format(text, { ...config, parser: 'typescript' });
}

/** Reads a release schema file and returns the rendered module. */
export async function generateMergeRules(schemaFile: string): Promise<string> {
  const schema: unknown = JSON.parse(await readFile(schemaFile, 'utf8'));
  const id = isSchema(schema) && typeof schema['id'] === 'string' ? schema['id'] : 'unknown schema id';
  return renderMergeRules(deriveMergeRules(schema), id);
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const schemaFile = process.argv[2] ?? fileURLToPath(new URL(`../${RELEASE_SCHEMA_PATH}`, import.meta.url));
  process.stdout.write(await generateMergeRules(schemaFile));
}
