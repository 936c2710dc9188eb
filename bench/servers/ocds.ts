/**
 * The small slice of OCDS the comparison servers read, and a deliberately simple compilation (the last
 * value of each field wins; awards merged by id). Good enough to serve the same fields, not the OCDS
 * merge rules the gateway implements.
 */
export interface OcdsValue {
  amount?: number;
  currency?: string;
}
export interface OcdsOrg {
  id?: string;
  name?: string;
}
export interface OcdsTender {
  title?: string;
  status?: string;
  procurementMethod?: string;
  value?: OcdsValue;
}
export interface OcdsAward {
  id?: string;
  status?: string;
  suppliers?: OcdsOrg[];
}
export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tender?: OcdsTender;
  buyer?: OcdsOrg;
  awards?: OcdsAward[];
}
export interface ReleasePackage {
  releases: OcdsRelease[];
  links?: { next?: string };
}
export interface RecordPackage {
  records: { ocid: string; releases?: (OcdsRelease | { url: string })[]; compiledRelease?: OcdsRelease }[];
}

/** What the resolvers of both comparison servers serve for one process. */
export interface Process {
  ocid: string;
  date: string;
  tender: OcdsTender | null;
  buyer: OcdsOrg | null;
  awards: OcdsAward[];
}

/** Compiles one process's releases: the last value of each field wins, awards merged by id. */
export function compile(ocid: string, releases: readonly OcdsRelease[]): Process {
  const sorted = [...releases].sort((a, b) => a.date.localeCompare(b.date));
  let tender: OcdsTender | null = null;
  let buyer: OcdsOrg | null = null;
  const awards = new Map<string, OcdsAward>();
  let date = '';
  for (const r of sorted) {
    date = r.date;
    if (r.tender) tender = { ...(tender ?? {}), ...r.tender };
    if (r.buyer) buyer = r.buyer;
    for (const a of r.awards ?? []) {
      const key = a.id ?? String(awards.size);
      awards.set(key, { ...awards.get(key), ...a });
    }
  }
  return { ocid, date, tender, buyer, awards: [...awards.values()] };
}

/** GET a JSON document from the replay server. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The SDL both comparison servers serve: only the fields of the warm 50-process query. */
export const PLAIN_SDL = /* GraphQL */ `
  type Query {
    contractingProcesses(first: Int = 20): ContractingProcessConnection!
  }
  type ContractingProcessConnection {
    totalCount: Int!
    edges: [ContractingProcessEdge!]!
  }
  type ContractingProcessEdge {
    node: ContractingProcess!
  }
  type ContractingProcess {
    ocid: String!
    date: String
    tender: Tender
    buyer: Organization
    awards: [Award!]!
  }
  type Tender {
    title: String
    status: String
    procurementMethod: String
    value: Value
  }
  type Value {
    amount: Float
    currency: String
  }
  type Organization {
    name: String
  }
  type Award {
    status: String
    suppliers: [Organization!]!
  }
`;
