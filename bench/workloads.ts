/** The request bodies of each workload. */
import { readdirSync, readFileSync } from 'node:fs';
import { cursorOf, type Process } from './servers/ocds.js';

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

/** A small seeded generator (mulberry32): the same numbers in [0, 1) on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of workload (e); a different seed gives a different but equally varied set. */
export const DISTINCT_SEED = 20261207;

/**
 * (e): `count` distinct `contractingProcesses` request bodies over `processes` (the listing, newest first),
 * none repeated, so that no whole-response cache can answer one from another: `first` from 1 to 100,
 * `after` the cursor of a listed process, filters by method, status, a date window, an MNT value range
 * and a buyer's or supplier's name (whole, or one of its words), and a different selection each time
 * (subsets of the fields, aliases), a quarter of them with the arguments as variables. Only what the
 * gateway and the comparison servers both serve (bench/servers/ocds.ts `PLAIN_SDL`).
 */
export function distinctBodies(processes: readonly Process[], count = 1000, seed = DISTINCT_SEED): string[] {
  const random = seeded(seed);
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const distinct = <T>(xs: Iterable<T | undefined | null>): T[] =>
    [...new Set(xs)].filter((x): x is T => x != null).sort();
  const methods = distinct(processes.map((p) => p.tender?.procurementMethod));
  const statuses = distinct(processes.map((p) => p.tender?.status));
  const days = distinct(processes.map((p) => p.date.slice(0, 10)));
  const amounts = processes
    .filter((p) => p.tender?.value?.currency === 'MNT')
    .map((p) => p.tender?.value?.amount)
    .filter((a): a is number => a !== undefined)
    .sort((a, b) => a - b);
  const names = (xs: Iterable<string | undefined>): string[] => {
    const whole = distinct(xs);
    const words = whole.flatMap((n) => n.split(/[\s()"«»,.]+/).filter((w) => [...w].length >= 4));
    return distinct([...whole, ...words]);
  };
  const buyers = names(processes.map((p) => p.buyer?.name));
  const suppliers = names(
    processes.flatMap((p) => p.awards.flatMap((a) => (a.suppliers ?? []).map((s) => s.name))),
  );
  let aliases = 0;
  /** `name`, or now and then under an alias. */
  const field = (name: string): string => (chance(0.15) ? `${name}${(aliases += 1)}: ${name}` : name);
  /** A non-empty random subset of `parts`, in order. */
  const some = (parts: readonly string[], p: number): string => {
    const chosen = parts.filter(() => chance(p));
    return (chosen.length > 0 ? chosen : [pick(parts)]).join(' ');
  };

  const bodies = new Set<string>();
  for (let attempt = 0; bodies.size < count && attempt < count * 10; attempt++) {
    aliases = 0;
    const filter: Record<string, string | number> = {};
    if (chance(0.3)) filter['procurementMethod'] = pick(methods);
    if (chance(0.3)) filter['status'] = pick(statuses);
    if (chance(0.3)) {
      const [from, to] = [pick(days), pick(days)].sort();
      if (chance(0.8)) filter['dateFrom'] = from ?? '';
      if (chance(0.8)) filter['dateTo'] = to ?? '';
    }
    if (chance(0.25)) {
      const [low, high] = [pick(amounts), pick(amounts)].sort((a, b) => a - b);
      filter['currency'] = 'MNT';
      // At least one bound: the gateway reads a currency alone as no value filter at all.
      const bounds = pick(['both', 'min', 'max']);
      if (bounds !== 'max') filter['valueMin'] = low ?? 0;
      if (bounds !== 'min') filter['valueMax'] = high ?? 0;
    }
    if (chance(0.2)) filter['buyer'] = pick(buyers);
    if (chance(0.2)) filter['supplier'] = pick(suppliers);
    const args: Record<string, unknown> = { first: 1 + Math.floor(random() * 100) };
    if (chance(0.4)) args['after'] = cursorOf(pick(processes));
    if (Object.keys(filter).length > 0) args['filter'] = filter;

    const node: string[] = [];
    if (chance(0.8)) node.push(field('ocid'));
    if (chance(0.5)) node.push(field('date'));
    if (chance(0.5)) node.push(`${field('buyer')} { ${some(['id', 'name'], 0.6)} }`);
    if (chance(0.6)) {
      const parts = ['title', 'status', 'procurementMethod', 'value { amount currency }'];
      node.push(`${field('tender')} { ${some(parts, 0.5).replace(/\b(title|status)\b/g, (f) => field(f))} }`);
    }
    if (chance(0.4)) {
      node.push(
        `${field('awards')} { ${chance(0.5) ? 'status ' : ''}suppliers { ${some(['id', 'name'], 0.6)} } }`,
      );
    }
    if (node.length === 0) node.push('ocid');
    const connection = [
      ...(chance(0.5) ? ['totalCount'] : []),
      `edges { ${chance(0.3) ? 'cursor ' : ''}node { ${node.join(' ')} } }`,
      ...(chance(0.4) ? ['pageInfo { hasNextPage endCursor }'] : []),
    ].join(' ');
    const root = chance(0.2) ? 'page: contractingProcesses' : 'contractingProcesses';
    let body: string;
    if (chance(0.25)) {
      const query = `query List($filter: ContractingProcessFilter, $first: Int, $after: String) { ${root}(filter: $filter, first: $first, after: $after) { ${connection} } }`;
      body = JSON.stringify({ query, variables: args });
    } else {
      const literal = Object.entries(args)
        .map(
          ([k, v]) =>
            `${k}: ${k === 'filter' ? inputLiteral(v as Record<string, unknown>) : JSON.stringify(v)}`,
        )
        .join(', ');
      body = JSON.stringify({ query: `{ ${root}(${literal}) { ${connection} } }` });
    }
    bodies.add(body);
  }
  return [...bodies];
}

/** A GraphQL input object literal (strings as JSON strings, which GraphQL reads alike). */
function inputLiteral(value: Record<string, unknown>): string {
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}
