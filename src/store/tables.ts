/**
 * The store's tables as Kysely sees them (column names in snake_case, as in SQL). Times are epoch
 * milliseconds (`bigint`); upstream dates are kept as the upstream wrote them (`text`), with an epoch-ms
 * column beside them where a filter or a sort needs one. Raw upstream documents are kept as text beside
 * the indexed columns, for audit and for fields the graph does not map yet.
 */
/** One row per source: how far its harvester has got and what it last saw. */
export interface HarvestStateTable {
  source: string;
  /** Where an unfinished pass resumes (the next page's URL, or a source's own position); null between passes. */
  cursor: string | null;
  /** The position an incremental pass starts from (the newest upstream date seen, a window's end). */
  high_water: string | null;
  /** The upstream's validators of a bulk resource (JSON: etag, last-modified), for a conditional GET. */
  validators: string | null;
  /** When the pass now running (or last run) started. */
  pass_started_at: number | null;
  /** When a pass last completed. */
  completed_at: number | null;
  /**
   * When the upstream was last confirmed to match the store as a whole: the start of the last completed
   * pass (anything changed after it is picked up by the next pass).
   */
  confirmed_at: number | null;
  /** Pages (or files) and records read in the pass now running (or last run). */
  pages: number;
  records: number;
  /** The last pass's failure, in words, and when; null after a pass completes. */
  last_error: string | null;
  last_error_at: number | null;
  /**
   * What the last completed pass noted, in words (a walk that ended before the feed's end, and why); null
   * when it had nothing to say. Written when a pass completes.
   */
  note: string | null;
  /** Newest date the upstream gave for its data. */
  dataset_date: string | null;
  /** Bumped by every write of the source's records: what cached counts and totals are keyed by. */
  revision: number;
}

/** A lease: the replica that holds it harvests the source; it lapses unless renewed. */
export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: number;
}

/** Raw OCDS releases, as published, one row per (feed, ocid, release id). */
export interface ReleaseTable {
  feed: string;
  ocid: string;
  release_id: string;
  date: string | null;
  raw: string;
  seen_at: number;
}

/** One compiled contracting process per (feed, ocid), with the columns lists filter and sort on. */
export interface ProcessTable {
  feed: string;
  ocid: string;
  date: string | null;
  /** `date` in epoch ms, or -1 when the process has none (sorts last, newest first). */
  sort_ms: number;
  status: string | null;
  method: string | null;
  value_amount: number | null;
  value_currency: string | null;
  release_count: number;
  /** When a harvester (or a live read) last saw the process. */
  seen_at: number;
  /** When the upstream stopped publishing it (kept, marked, never dropped); null while it is published. */
  withdrawn_at: number | null;
  /** The domain `ContractingProcess`, as JSON. */
  doc: string;
  /** How many values of its releases were coerced from a publisher's quirk (the notes are in `doc`). */
  coerced: number;
}

/** A release that could not be used: kept as published, with why, until a later version of it is usable. */
export interface QuarantineTable {
  feed: string;
  ocid: string;
  release_id: string;
  /** JSON: `[{ path, reason }]`, the first few problems found (never values). */
  reasons: string;
  /** The release as published. */
  raw: string;
  /** When a harvest last read it. */
  seen_at: number;
}

/** The parties of a process a filter or a join looks up: buyer, suppliers of awards, tenderers. */
export interface ProcessPartyTable {
  feed: string;
  ocid: string;
  role: string;
  party_id: string | null;
  /** `scheme` and `id` of the party's identifier (an `MN-CR` register number, say). */
  scheme: string | null;
  identifier: string | null;
  /** The party's name, NFC-normalised and lower-cased (Mongolian rules), for "part of the name" filters. */
  name: string | null;
}

/**
 * Harvested records of the other sources (investment projects, register entities, EITI lists), one row
 * per (source, kind, key): the raw upstream document, the domain object as JSON, and a few indexed
 * columns whose meaning each kind documents where it writes them.
 */
export interface EntityTable {
  source: string;
  kind: string;
  key: string;
  /** A hash of the raw document: a harvest writes a row only when it changed. */
  digest: string;
  raw: string;
  doc: string;
  sort_text: string | null;
  sort_ms: number | null;
  seen_at: number;
  source_updated_at: string | null;
  withdrawn_at: number | null;
}

// --- Public investment projects (migration 0002_investment_projects) ---

/**
 * One public investment project of the OC4IDS package, with the columns `investmentProjects` filters and
 * sorts on; its many-valued keys are in the three tables below.
 */
export interface InvestmentProjectTable {
  id: string;
  status: string | null;
  /** The project's `updated`, as published. */
  updated: string | null;
  /** `updated` in epoch ms, or `NO_DATE` without one (sorts last, most recent first). */
  sort_ms: number;
  /** The period's start, and its end (its start when it has no end), epoch ms; null when unreadable. */
  start_ms: number | null;
  end_ms: number | null;
  budget_amount: number | null;
  budget_currency: string | null;
  /** A hash of the raw project and its mapped form: a harvest rewrites a row only when it changed. */
  digest: string;
  /** The project's JSON exactly as the package lists it. */
  raw: string;
  /** The domain `InvestmentProject`, as JSON. */
  doc: string;
  /** When a harvest last saw the project listed (or a `304` confirmed the package). */
  seen_at: number;
  /** When a complete harvest found the project no longer listed (kept, marked); null while listed. */
  withdrawn_at: number | null;
}

/** A many-valued filter key of a project: `field` is `aimag`, `sector` or `funding` (a `FundingSource`). */
export interface InvestmentProjectTermTable {
  project_id: string;
  field: string;
  value: string;
}

/** A party of a project: its MN-CR register number, its name folded for "part of the name", its roles. */
export interface InvestmentProjectPartyTable {
  project_id: string;
  register_number: string | null;
  name: string | null;
  /** The party's `ProjectRole`s, space-separated. */
  roles: string;
}

/** A contracting process a project lists, by ocid. */
export interface InvestmentProjectProcessTable {
  project_id: string;
  ocid: string;
}

/** Facts about the store itself: which program made it (`application`). */
export interface StoreMetaTable {
  key: string;
  value: string;
}

/** Every table of the store. */
export interface Tables {
  harvest_state: HarvestStateTable;
  leases: LeaseTable;
  releases: ReleaseTable;
  processes: ProcessTable;
  process_parties: ProcessPartyTable;
  quarantine: QuarantineTable;
  entities: EntityTable;
  store_meta: StoreMetaTable;
  investment_projects: InvestmentProjectTable;
  investment_project_terms: InvestmentProjectTermTable;
  investment_project_parties: InvestmentProjectPartyTable;
  investment_project_processes: InvestmentProjectProcessTable;
}
