import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example queries of `docs/queries/`, opened as GraphiQL tabs (`graphiql.ts`) and tested as documents. */

/** One example query, shown as a GraphiQL tab. */
export interface ExampleQuery {
  /** The file name it was read from, e.g. `01-first-query.graphql`. */
  readonly name: string;
  /** What the query answers: its leading `#` comment lines as prose (paragraphs split by a bare `#`). */
  readonly description: string;
  /** The whole document, comments included, as it appears in the editor. */
  readonly query: string;
}

/** Where {@link loadExampleQueries} reads from unless told otherwise: `docs/queries/` of this repository. */
export const DEFAULT_EXAMPLE_QUERIES_DIR = fileURLToPath(new URL('../../docs/queries/', import.meta.url));

/**
 * Reads the example queries (`*.graphql`, in file-name order) from `dir`, by default `docs/queries/`
 * of this repository resolved from this module's location. Each file's leading `#` lines describe it.
 */
export async function loadExampleQueries(dir: string = DEFAULT_EXAMPLE_QUERIES_DIR): Promise<ExampleQuery[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const query = await readFile(join(dir, file), 'utf8');
      return { name: basename(file), description: leadingComment(query), query };
    }),
  );
}

/** The leading `#` lines as prose: lines joined with spaces, a bare `#` line starting a new paragraph. */
function leadingComment(document: string): string {
  const lines: string[] = [];
  for (const line of document.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('#')) break;
    lines.push(trimmed.slice(1).trim());
  }
  return lines
    .join('\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
