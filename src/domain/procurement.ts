/*
 * Over 400 lines: the shapes of a contracting process, the core of OCDS and what its extensions add, are one
 * vocabulary that refers to itself throughout (a bid has documents and party references, a tender has lots
 * and amendments); split across files they would import each other.
 */
import type { Money, MoneyRange } from './money.js';

export type { Money } from './money.js';

/** Which procurement listing a query reads: the OCDS API's, or tender.gov.mn's mapped to OCDS. */
export type ProcurementFeed = 'OCDS' | 'TENDER_MN';

/**
 * Procurement domain objects: an OCDS 1.1 compiled release, reduced to the fields the graph exposes.
 * Sources map their native payloads onto these; resolvers read them. No GraphQL and no HTTP here.
 * Code-list values (statuses, methods, roles, document types) are kept as the upstream's strings:
 * OCDS code lists are partly open, and an unknown code is information, not an error.
 *
 * Fields added after processes were first stored are optional (`?`): absent means unknown (a process
 * stored before they were mapped, or one not published as OCDS), never none, which is an empty list. The
 * lists of OCDS extensions are also `null` when a publisher gave something else than a list: unknown, the
 * value as published is only in the JSON of the process (`ProcessJson`).
 */

export interface Period {
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly maxExtentDate: string | null;
  readonly durationInDays: number | null;
}

/** An organisation identifier, e.g. `{ scheme: "MN-CR", id: "0912345" }` (org-id.guide schemes). */
export interface Identifier {
  readonly scheme: string | null;
  readonly id: string | null;
  readonly legalName: string | null;
  readonly uri: string | null;
}

/** A reference to an entry of `parties` (OCDS OrganizationReference). */
export interface PartyRef {
  readonly id: string | null;
  readonly name: string | null;
  /** The referenced entry of the same process's `parties`, resolved by id when the mapping runs. */
  readonly party: Party | null;
}

export interface Address {
  readonly streetAddress: string | null;
  readonly locality: string | null;
  readonly region: string | null;
  readonly postalCode: string | null;
  readonly countryName: string | null;
}

/** An organisation taking part in the process. Parties in OCDS are organisations, never private persons. */
export interface Party {
  readonly id: string;
  readonly name: string | null;
  readonly identifier: Identifier | null;
  readonly additionalIdentifiers: readonly Identifier[];
  readonly roles: readonly string[];
  readonly address: Address | null;
  /**
   * `details`, the open object OCDS gives for what a party is (extension fields such as `scale`), without
   * what names persons (`withoutPersonalData`); null when the party gave none. Absent, with `scale` and
   * `classifications`, for a process stored before details were mapped: unknown.
   */
  readonly details?: JsonObject | null;
  /** `details.scale`, the OCDS partyScale code (`micro`, `sme`, `large`, `selfEmployed`). */
  readonly scale?: string | null;
  /** `details.classifications` (party details classification extension). */
  readonly classifications?: readonly Classification[] | null;
}

export interface Classification {
  readonly scheme: string | null;
  readonly id: string | null;
  readonly description: string | null;
  readonly uri: string | null;
}

export interface Item {
  readonly id: string;
  readonly description: string | null;
  readonly classification: Classification | null;
  readonly quantity: number | null;
  readonly unitName: string | null;
  readonly unitValue: Money | null;
  readonly additionalClassifications?: readonly Classification[];
  /** The lot the item belongs to (lots extension), by lot id. */
  readonly relatedLot?: string | null;
}

export interface Document {
  readonly id: string;
  readonly documentType: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly url: string | null;
  readonly datePublished: string | null;
  readonly dateModified: string | null;
  readonly format: string | null;
  readonly language: string | null;
  /** The lots the document is about (lots extension), by lot id. */
  readonly relatedLots?: readonly string[] | null;
}

export interface Milestone {
  /** Null when the publisher gave none (they do, though the schema requires one). */
  readonly id: string | null;
  readonly title: string | null;
  readonly type: string | null;
  readonly description: string | null;
  readonly dueDate: string | null;
  readonly dateMet: string | null;
  readonly status: string | null;
  readonly code?: string | null;
  readonly dateModified?: string | null;
  /** The lots the milestone is about (lots extension), by lot id. */
  readonly relatedLots?: readonly string[] | null;
}

/**
 * A change to a tender, award or contract after it was first published: an entry of OCDS 1.1's
 * `amendments`, or the single `amendment` object of OCDS 1.0 (deprecated in 1.1), as `publishedAs` says.
 */
export interface Amendment {
  readonly id: string | null;
  readonly date: string | null;
  readonly rationale: string | null;
  readonly description: string | null;
  readonly amendsReleaseID: string | null;
  readonly releaseID: string | null;
  /** `changes` (deprecated in 1.1): each changed field's path and its value before the change. */
  readonly changes: readonly AmendmentChange[] | null;
  /** The field it was published in: `amendments` (OCDS 1.1) or `amendment` (OCDS 1.0). */
  readonly publishedAs: 'amendments' | 'amendment';
}

export interface AmendmentChange {
  readonly property: string | null;
  /** `former_value` as published (any JSON), null when withheld as personal or not given. */
  readonly formerValue: unknown;
}

/** Another contracting process this one is related to (OCDS RelatedProcess). */
export interface RelatedProcess {
  readonly id: string | null;
  /** OCDS relatedProcess codes, e.g. `framework`, `parent`, `prior`, `subContract`. */
  readonly relationship: readonly string[] | null;
  readonly title: string | null;
  /** OCDS relatedProcessScheme code: `ocid` when `identifier` is an ocid. */
  readonly scheme: string | null;
  readonly identifier: string | null;
  readonly uri: string | null;
}

/** A part of a tender that can be bid on and awarded on its own (OCDS lots extension). */
export interface Lot {
  readonly id: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly status: string | null;
  readonly value: Money | null;
  readonly contractPeriod: Period | null;
}

/** Lots the buyer may award together, or whose total value it caps (lots extension). */
export interface LotGroup {
  readonly id: string | null;
  readonly relatedLots: readonly string[] | null;
  readonly optionToCombine: boolean | null;
  readonly maximumValue: Money | null;
}

/** Limits on bidding for and winning lots (lots extension `tender.lotDetails`). */
export interface LotDetails {
  readonly maximumLotsBidPerSupplier: number | null;
  readonly maximumLotsAwardedPerSupplier: number | null;
  readonly awardCriteriaDetails: string | null;
}

/** A question asked about the tender and its answer (OCDS enquiries extension). */
export interface Enquiry {
  readonly id: string | null;
  readonly date: string | null;
  readonly author: PartyRef | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly answer: string | null;
  readonly dateAnswered: string | null;
  readonly relatedItem: string | null;
  readonly relatedLot: string | null;
  readonly threadID: string | null;
}

/** One aggregate figure about the bids (OCDS bids extension `BidsStatistic`). */
export interface BidStatistic {
  readonly id: string | null;
  /** OCDS bidStatistics code (an open list), e.g. `bids`, `validBids`, `lowestValidBidValue`. */
  readonly measure: string | null;
  /** A count, a proportion of 1, or an amount in `currency`. */
  readonly value: number | null;
  /** ISO 4217 code of `value` when the statistic is an amount; null for counts and proportions. */
  readonly currency: string | null;
  readonly date: string | null;
  readonly notes: string | null;
  /** The lot the figure is about; null: the whole tender. */
  readonly relatedLot: string | null;
}

/** One bid or expression of interest (OCDS bids extension `Bid`). */
export interface Bid {
  readonly id: string | null;
  readonly date: string | null;
  /** OCDS bidStatus code: invited, pending, valid, disqualified, withdrawn. */
  readonly status: string | null;
  readonly description: string | null;
  readonly tenderers: readonly PartyRef[] | null;
  readonly value: Money | null;
  readonly documents: readonly Document[] | null;
  readonly relatedLots: readonly string[] | null;
}

/** `bids`: statistics and, where a publisher discloses them, the bids themselves. */
export interface Bids {
  readonly statistics: readonly BidStatistic[] | null;
  readonly details: readonly Bid[] | null;
}

export interface Budget {
  readonly id: string | null;
  readonly description: string | null;
  readonly amount: Money | null;
  readonly project: string | null;
  readonly projectID: string | null;
}

export interface Planning {
  readonly rationale: string | null;
  readonly budget: Budget | null;
  readonly documents: readonly Document[];
  readonly milestones: readonly Milestone[];
}

export interface Tender {
  readonly id: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly status: string | null;
  readonly procuringEntity: PartyRef | null;
  readonly items: readonly Item[];
  readonly value: Money | null;
  readonly minValue: Money | null;
  readonly procurementMethod: string | null;
  readonly procurementMethodDetails: string | null;
  readonly procurementMethodRationale: string | null;
  readonly mainProcurementCategory: string | null;
  readonly additionalProcurementCategories: readonly string[];
  readonly awardCriteria: string | null;
  readonly submissionMethod: readonly string[];
  readonly tenderPeriod: Period | null;
  readonly enquiryPeriod: Period | null;
  readonly awardPeriod: Period | null;
  readonly contractPeriod: Period | null;
  readonly numberOfTenderers: number | null;
  readonly tenderers: readonly PartyRef[];
  readonly documents: readonly Document[];
  readonly milestones: readonly Milestone[];
  readonly hasEnquiries?: boolean | null;
  readonly enquiries?: readonly Enquiry[] | null;
  readonly lots?: readonly Lot[] | null;
  readonly lotGroups?: readonly LotGroup[] | null;
  readonly lotDetails?: LotDetails | null;
  readonly amendments?: readonly Amendment[] | null;
}

export interface Award {
  readonly id: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly status: string | null;
  readonly date: string | null;
  readonly value: Money | null;
  readonly suppliers: readonly PartyRef[];
  readonly items: readonly Item[];
  readonly contractPeriod: Period | null;
  readonly documents: readonly Document[];
  readonly relatedLots?: readonly string[] | null;
  /** The bid this award is for (bids extension), by bid id. */
  readonly relatedBid?: string | null;
  readonly amendments?: readonly Amendment[] | null;
}

export interface Transaction {
  readonly id: string;
  readonly source: string | null;
  readonly date: string | null;
  readonly value: Money | null;
  readonly payer: PartyRef | null;
  readonly payee: PartyRef | null;
  readonly uri: string | null;
}

export interface Implementation {
  readonly transactions: readonly Transaction[];
  readonly milestones: readonly Milestone[];
  readonly documents: readonly Document[];
}

export interface Contract {
  readonly id: string;
  readonly awardID: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly status: string | null;
  readonly period: Period | null;
  readonly value: Money | null;
  readonly items: readonly Item[];
  readonly dateSigned: string | null;
  readonly documents: readonly Document[];
  readonly implementation: Implementation | null;
  readonly milestones?: readonly Milestone[] | null;
  readonly amendments?: readonly Amendment[] | null;
  readonly relatedProcesses?: readonly RelatedProcess[] | null;
}

/** Where a contracting process's data was published, and whether it is fictional. */
export interface Provenance {
  readonly publisher: string | null;
  readonly license: string | null;
  /** The package URI the publisher gave (not the gateway's upstream URL). */
  readonly packageUri: string | null;
  readonly publishedDate: string | null;
  /** True for fictional data (the OCDS standard's example, the generated Mongolian scenario). */
  readonly fictional: boolean;
  /** A sentence saying what the data is, when the publisher gave one. */
  readonly notice: string | null;
  /**
   * The OCDS version the publisher's package declared (`version`): it chose the merge rules, and chooses
   * them again when the process's releases are merged on request. `null`: the package declared none, which
   * the standard reads as OCDS 1.0. Absent for a process not built from an OCDS package (tender.gov.mn's
   * invitations) and for one stored before the version was kept (compiled with OCDS 1.1's rules).
   */
  readonly version?: string | null;
}

/** One contracting process: the compiled state of all releases that share an `ocid`. */
export interface ContractingProcess {
  readonly ocid: string;
  /** Date of the latest release compiled into this state. */
  readonly date: string | null;
  readonly tag: readonly string[];
  readonly initiationType: string | null;
  readonly language: string | null;
  readonly buyer: PartyRef | null;
  readonly parties: readonly Party[];
  readonly planning: Planning | null;
  readonly tender: Tender | null;
  readonly awards: readonly Award[];
  readonly contracts: readonly Contract[];
  /**
   * `bids` (bids extension), lists empty when none were published. Absent, like every field added after
   * processes were first stored, for a process stored before it was mapped (unknown) and for a process not
   * published as OCDS.
   */
  readonly bids?: Bids | null;
  readonly relatedProcesses?: readonly RelatedProcess[] | null;
  /** How many releases were compiled (1 when the upstream gave only a compiled release). */
  readonly releaseCount: number;
  /** True when the gateway compiled the releases itself with the OCDS merge rules. */
  readonly compiledByGateway: boolean;
  readonly provenance: Provenance;
  /**
   * Values of the releases that the gateway read differently from how they were published (a publisher's
   * quirk coerced to the standard's shape), each with why; at most `MAX_DATA_NOTES`, `coercions` counts all.
   */
  readonly dataNotes: readonly DataNote[];
  readonly coercions: number;
  /**
   * The publisher's compiled release, when the process was built from one (`compiledByGateway` false),
   * as the mapping read it: kept because there are no releases to compile it again from. Absent for a
   * process the gateway compiled (its releases are in the store) and for one stored before it was kept.
   */
  readonly publisherCompiledRelease?: JsonObject;
}

/** A JSON object as parsed (`JSON.parse`): what the `JSON` scalar serialises. */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * The OCDS JSON of one contracting process whole (`ContractingProcess.compiledRelease` and
 * `versionedRelease`), so that no published value is lost to the mapping; each computed when first asked.
 */
export interface ProcessJson {
  /**
   * The compiled release the process was built from: the publisher's when a record gave one, else the
   * gateway's merge of its releases; `null` when the gateway no longer holds what it was built from.
   */
  compiledRelease(): JsonObject | null;
  /** The gateway's merge of the releases it holds, even when the publisher compiled; `null` when none. */
  gatewayCompiledRelease(): JsonObject | null;
  /** Every field's values with the release that set each; `null` when the gateway holds no releases of it. */
  versionedRelease(): JsonObject | null;
}

/** What a process's `ProcessJson` is looked up by: the process, and whether it was read live or stored. */
export interface ProcessJsonKey {
  readonly process: ContractingProcess;
  /** True when the process was read live (its record), false when the store served it. */
  readonly live: boolean;
}

/** Notes kept per process at most. */
export const MAX_DATA_NOTES = 50;

/** One value read differently from how it was published. */
export interface DataNote {
  /** The release whose value it was. */
  readonly releaseId: string;
  /** JSON path within that release, array indices included (`awards/0/value/amount`). */
  readonly path: string;
  /** `TAG_STRING`, `EMPTY_STRING`, `OBJECT_FOR_LIST`, `CURRENCY_CASE` or `INITIATION_TYPE_MISSING`. */
  readonly rule: string;
  /** The published value as JSON text (shortened), or `absent`. */
  readonly original: string;
}

/** Filter of the `contractingProcesses` list; every field optional, all given fields must match. */
export interface ContractingProcessFilter {
  /** Matches the buyer's party id, identifier id or name (case-insensitive substring for names). */
  readonly buyer?: string;
  /** Matches a supplier of any award by party id, identifier id or name. */
  readonly supplier?: string;
  readonly procurementMethod?: string;
  /** Tender status. */
  readonly status?: string;
  /** Inclusive bounds on the process date (ISO 8601). */
  readonly dateFrom?: string;
  readonly dateTo?: string;
  /** Tender value range, in one currency. */
  readonly value?: MoneyRange;
  /** Processes whose latest release is at or after this time (ISO 8601). */
  readonly changedSince?: string;
}

/** The processes one legal entity took part in, by role, newest first. */
export interface PartyProcesses {
  readonly asBuyer: readonly ContractingProcess[];
  readonly asSupplier: readonly ContractingProcess[];
  readonly asTenderer: readonly ContractingProcess[];
}

/** A role in which a legal entity appears in a process, for the organisation facets. */
export type PartyRole = 'buyer' | 'supplier' | 'tenderer';

/** One page of a process list, as the store answers it. */
export interface ProcessQuery {
  readonly feed: ProcurementFeed;
  readonly filter: ContractingProcessFilter;
  /** Only processes where this identifier (`scheme` and `id`) appears in `role`. */
  readonly party?: { readonly role: PartyRole; readonly scheme: string; readonly id: string };
  /** Items per page (1 to 100, already checked). */
  readonly first: number;
  /** The keyset cursor of the last item of the previous page. */
  readonly after: string | null;
}

/** A page of processes, newest first (ties by ocid), with totals over every match computed on demand. */
export interface ProcessPage {
  readonly edges: readonly { readonly cursor: string; readonly node: ContractingProcess }[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /** How many processes match in all. */
  totalCount(): Promise<number>;
  /** Tender estimates of every match, one total per currency. */
  valueTotals(): Promise<readonly Money[]>;
}
