/** The request bodies of each workload. */
import { readdirSync, readFileSync } from 'node:fs';

/** (a)/(b): the 50 contracting processes with 8 fields each and their suppliers, across sources. */
export const WARM_QUERY = `{ contractingProcesses(first: 50) { totalCount edges { node {
  ocid date buyer { name } tender { title status procurementMethod value { amount currency } }
  awards { status suppliers { name } } } } } }`;

export const WARM_BODY = JSON.stringify({ query: WARM_QUERY });

/** (c): a fixed set of name searches over the full register index, Cyrillic and Latin, hits and misses. */
export const SEARCH_TERMS = [
  'oyu tolgoi',
  'Оюу толгой',
  'erdenet',
  'таван толгой',
  'gobi',
  'монгол',
  'khan bank',
  'номин',
  'mongolian mining',
  'ХХК',
  'tsagaan',
  'zzzz no such company',
] as const;

export const SEARCH_QUERY = `query Search($search: String!) { organizations(search: $search, first: 20) {
  totalCount edges { score node { registerNumber name } } } }`;

export const SEARCH_BODIES = SEARCH_TERMS.map((search) =>
  JSON.stringify({ query: SEARCH_QUERY, variables: { search } }),
);

/** (d): every example query of docs/queries, rotated (default variables). */
export function exampleBodies(): { file: string; body: string }[] {
  const dir = new URL('../docs/queries/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file, body: JSON.stringify({ query: readFileSync(new URL(file, dir), 'utf8') }) }));
}
