import type { SourcedResolverFn as ResolverFn } from '../sourced.js';
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ContractingProcess as ContractingProcessModel, Party as PartyModel, PartyRef as PartyRefModel, Identifier as IdentifierModel, Address as AddressModel, Classification as ClassificationModel, Item as ItemModel, Document as DocumentModel, Milestone as MilestoneModel, Budget as BudgetModel, Planning as PlanningModel, Tender as TenderModel, Award as AwardModel, Transaction as TransactionModel, Implementation as ImplementationModel, Contract as ContractModel, Amendment as AmendmentModel, AmendmentChange as AmendmentChangeModel, RelatedProcess as RelatedProcessModel, Lot as LotModel, LotGroup as LotGroupModel, LotDetails as LotDetailsModel, Enquiry as EnquiryModel, Bids as BidsModel, BidStatistic as BidStatisticModel, Bid as BidModel, Provenance as ProvenanceModel, Period as PeriodModel, Money as MoneyModel, DataNote as DataNoteModel } from '../../src/domain/procurement.js';
import type { Freshness as FreshnessModel, HarvestStatus as HarvestStatusModel } from '../../src/domain/freshness.js';
import type { SourceStatusView as SourceStatusViewModel, GatewayContext } from '../../src/context.js';
import type { DataQuality as DataQualityModel, QuarantineExample as QuarantineExampleModel } from '../../src/domain/quality.js';
import type { OrganizationView as OrganizationViewModel, OrganizationEdgeView as OrganizationEdgeViewModel, OrganizationConnectionView as OrganizationConnectionViewModel, EitiFacetView as EitiFacetViewModel, InvestmentProjectConnectionView as InvestmentProjectConnectionViewModel, ContractingProcessConnectionView as ContractingProcessConnectionViewModel, ContractingProcessEdgeView as ContractingProcessEdgeViewModel } from '../views.js';
import type { InvestmentProject as InvestmentProjectModel, BudgetLine as BudgetLineModel, ProjectParty as ProjectPartyModel, ProjectLocation as ProjectLocationModel } from '../../src/domain/investment.js';
import type { RegistryEntity as RegistryEntityModel, OwnershipRelationship as OwnershipRelationshipModel, InterestedParty as InterestedPartyModel, OwnershipInterest as OwnershipInterestModel, EitiOrganisation as EitiOrganisationModel, EitiPayment as EitiPaymentModel, EitiReport as EitiReportModel, MineralLicence as MineralLicenceModel } from '../../src/domain/organization.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type { ResolverFn };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An ISO 8601 date-time string, e.g. `2026-11-23T10:33:07.000Z`. Upstream dates are passed through as
   * the upstream wrote them (OCDS dates carry their own offset).
   */
  DateTime: { input: string; output: string | number; }
  /**
   * Any JSON value (object, array, string, number, boolean or null), given as it is, e.g. a whole OCDS release
   * with its extension fields. Output only: no argument takes one.
   */
  JSON: { input: never; output: unknown; }
};

export type Address = {
  readonly __typename?: 'Address';
  readonly countryName: Maybe<Scalars['String']['output']>;
  readonly locality: Maybe<Scalars['String']['output']>;
  readonly postalCode: Maybe<Scalars['String']['output']>;
  readonly region: Maybe<Scalars['String']['output']>;
  readonly streetAddress: Maybe<Scalars['String']['output']>;
};

/**
 * A change to a tender, award or contract after it was first published: an entry of OCDS 1.1's `amendments`,
 * or the single `amendment` object of OCDS 1.0 (deprecated in 1.1), as `publishedAs` says. A compiled process
 * keeps only the latest `amendment` object, as merging keeps the latest value of a field; each earlier one is
 * in `versionedRelease`.
 */
export type Amendment = Sourced & {
  readonly __typename?: 'Amendment';
  /** The id of the release that held the values before the change. */
  readonly amendsReleaseID: Maybe<Scalars['String']['output']>;
  /** `changes` (deprecated in OCDS 1.1, the only form in 1.0): each changed field and its value before. */
  readonly changes: Maybe<ReadonlyArray<AmendmentChange>>;
  readonly date: Maybe<Scalars['DateTime']['output']>;
  /** What changed, in words. */
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  /** The amendment's id (OCDS 1.1); null for the 1.0 `amendment` object, which has none. */
  readonly id: Maybe<Scalars['String']['output']>;
  /** The field it was published in: `amendments` (OCDS 1.1) or `amendment` (OCDS 1.0's single object). */
  readonly publishedAs: Scalars['String']['output'];
  /** Why the change was made. */
  readonly rationale: Maybe<Scalars['String']['output']>;
  /** The id of the release that holds the changed values. */
  readonly releaseID: Maybe<Scalars['String']['output']>;
};

/** One field changed by an amendment, with its value before the change. */
export type AmendmentChange = {
  readonly __typename?: 'AmendmentChange';
  /**
   * `former_value` as published (any JSON). Null when none was given, or withheld: a value that is a
   * personal register number, a field that reaches persons (a contact point, `email`, ...), left out as
   * `compiledRelease` leaves them out.
   */
  readonly formerValue: Maybe<Scalars['JSON']['output']>;
  /** The changed field's name or path, as published (e.g. `value`, `tender/tenderPeriod`). */
  readonly property: Maybe<Scalars['String']['output']>;
};

/** An award decision. */
export type Award = Sourced & {
  readonly __typename?: 'Award';
  /**
   * Changes to the award after it was first published (1.1 `amendments` and the 1.0 `amendment` object).
   * Empty: none published. Null: unknown (`ContractingProcess` says when).
   */
  readonly amendments: Maybe<ReadonlyArray<Amendment>>;
  readonly contractPeriod: Maybe<Period>;
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: ReadonlyArray<Document>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly items: ReadonlyArray<Item>;
  /** The id of the bid the award was made to (`Bids.details`, bids extension). */
  readonly relatedBid: Maybe<Scalars['String']['output']>;
  /**
   * Ids of the lots the award is for (`Tender.lots`). Empty: none given, the whole tender. Null: unknown
   * (`ContractingProcess` says when).
   */
  readonly relatedLots: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  /** OCDS awardStatus code: pending, active, cancelled, unsuccessful. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly suppliers: ReadonlyArray<PartyReference>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
};

/** One bid or expression of interest (OCDS bids extension `Bid`). */
export type Bid = Sourced & {
  readonly __typename?: 'Bid';
  /** When the bid was received. */
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: Maybe<ReadonlyArray<Document>>;
  readonly freshness: Freshness;
  readonly id: Maybe<Scalars['String']['output']>;
  /** Ids of the lots the bid is for. */
  readonly relatedLots: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  /** OCDS bidStatus code: invited, pending, valid, disqualified, withdrawn. */
  readonly status: Maybe<Scalars['String']['output']>;
  /**
   * The organisations that made the bid, with their party entries. A tenderer whose id is a personal
   * register number (a person) is left out.
   */
  readonly tenderers: Maybe<ReadonlyArray<PartyReference>>;
  /** The bid's total value, in its currency. */
  readonly value: Maybe<Money>;
};

/** One aggregate figure about the bids (OCDS bids extension `BidsStatistic`). */
export type BidStatistic = Sourced & {
  readonly __typename?: 'BidStatistic';
  /** `value` with its currency when the figure is an amount (`currency` given); null otherwise. */
  readonly amount: Maybe<Money>;
  /** ISO 4217 code of `value` when the figure is an amount; null for counts and proportions. */
  readonly currency: Maybe<Scalars['String']['output']>;
  /** When the figure was last updated. */
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  readonly id: Maybe<Scalars['String']['output']>;
  /** OCDS bidStatistics code (an open list), e.g. requests, bids, validBids, electronicBids, smeBids, foreignBids, lowestValidBidValue, highestValidBidValue. */
  readonly measure: Maybe<Scalars['String']['output']>;
  readonly notes: Maybe<Scalars['String']['output']>;
  /** The id of the lot the figure is about; null: the whole tender. */
  readonly relatedLot: Maybe<Scalars['String']['output']>;
  /** The figure as published: a count (an integer), a proportion of 1 (0.1 for 10%), or an amount in `currency`. */
  readonly value: Maybe<Scalars['Float']['output']>;
};

/** What a process published about the bids it received (OCDS bids extension). */
export type Bids = Sourced & {
  readonly __typename?: 'Bids';
  /** The bids themselves, where the publisher discloses them. Empty: none disclosed. Null: unknown. */
  readonly details: Maybe<ReadonlyArray<Bid>>;
  readonly freshness: Freshness;
  /** Aggregate figures: how many bids, how many valid, the lowest and highest valid bid, ... Null: unknown. */
  readonly statistics: Maybe<ReadonlyArray<BidStatistic>>;
};

export type Budget = Sourced & {
  readonly __typename?: 'Budget';
  readonly amount: Maybe<Money>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly id: Maybe<Scalars['String']['output']>;
  readonly project: Maybe<Scalars['String']['output']>;
  readonly projectID: Maybe<Scalars['String']['output']>;
};

/** One line of a project budget: an amount, its year and where the money comes from. */
export type BudgetLine = Sourced & {
  readonly __typename?: 'BudgetLine';
  readonly amount: Maybe<Money>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly fundingSource: FundingSource;
  readonly id: Scalars['String']['output'];
  /** The party providing the money (e.g. a foreign lender), as the project names it. */
  readonly sourcePartyName: Maybe<Scalars['String']['output']>;
  readonly year: Maybe<Scalars['Int']['output']>;
};

/** How the gateway's cache answered for one upstream record. */
export type CacheStatus =
  /** Served past its lifetime because the upstream failed (stale-if-error). */
  | 'FALLBACK'
  /** Served from the cache within its freshness lifetime. */
  | 'HIT'
  /** Fetched from the upstream for this response. */
  | 'MISS'
  /** Confirmed unchanged by the upstream (HTTP 304) for this response. */
  | 'REVALIDATED'
  /** Served past its lifetime while a background refresh runs (stale-while-revalidate). */
  | 'STALE';

export type Classification = {
  readonly __typename?: 'Classification';
  readonly description: Maybe<Scalars['String']['output']>;
  readonly id: Maybe<Scalars['String']['output']>;
  readonly scheme: Maybe<Scalars['String']['output']>;
  readonly uri: Maybe<Scalars['String']['output']>;
};

/** Why a value was read differently from how it was published. */
export type CoercionRule =
  /** A currency code not in upper case, read as its ISO 4217 spelling. */
  | 'CURRENCY_CASE'
  /** `""` given for a number or a date, read as no value (null). */
  | 'EMPTY_STRING'
  /** A release without `initiationType`, read as `tender`, the code list's only code. */
  | 'INITIATION_TYPE_MISSING'
  /** An empty object given where a list belongs, read as an empty list. */
  | 'OBJECT_FOR_LIST'
  /** A `tag` given as text, read as a list of one. */
  | 'TAG_STRING';

/** A signed contract. */
export type Contract = Sourced & {
  readonly __typename?: 'Contract';
  /**
   * Changes to the contract after it was signed or first published (1.1 `amendments` and the 1.0
   * `amendment` object). Empty: none published. Null: unknown.
   */
  readonly amendments: Maybe<ReadonlyArray<Amendment>>;
  readonly awardID: Maybe<Scalars['String']['output']>;
  readonly dateSigned: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: ReadonlyArray<Document>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly implementation: Maybe<Implementation>;
  readonly items: ReadonlyArray<Item>;
  /**
   * The contract's own milestones (`contracts.milestones`; those of its implementation are in
   * `implementation`). Empty: none published. Null: unknown (`ContractingProcess` says when).
   */
  readonly milestones: Maybe<ReadonlyArray<Milestone>>;
  readonly period: Maybe<Period>;
  /**
   * Processes related to this contract, e.g. a call-off's framework or its subcontracts. Empty: none
   * published. Null: unknown.
   */
  readonly relatedProcesses: Maybe<ReadonlyArray<RelatedProcess>>;
  /** OCDS contractStatus code: pending, active, cancelled, terminated. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
};

/**
 * One contracting process: the compiled state of every OCDS release that shares an `ocid`, with planning,
 * tender, awards, contracts and their implementation.
 *
 * Lists of the OCDS extensions and of fields mapped later (lots, bids, enquiries, amendments, related
 * processes, related lots, further classifications, a contract's milestones) tell none from unknown: an
 * empty list means the publisher gave none; null means unknown, because the process was stored before the
 * field was mapped (until a change to it is harvested), was not published as OCDS (`feed: TENDER_MN`), or gave the
 * field in another shape than a list (the value as published is in `compiledRelease`).
 */
export type ContractingProcess = Node & Sourced & {
  readonly __typename?: 'ContractingProcess';
  readonly awards: ReadonlyArray<Award>;
  /**
   * What the process published about the bids it received (bids extension): statistics and bids, both
   * empty when none were published. Null when unknown (see above; `bids` given as something else than an
   * object counts as another shape). A `feed: TENDER_MN` process's bidders are its `tender.tenderers` and
   * `awards`.
   */
  readonly bids: Maybe<Bids>;
  readonly buyer: Maybe<PartyReference>;
  /** How many values were read differently from how they were published. */
  readonly coercions: Scalars['Int']['output'];
  /** True when the gateway compiled the releases itself with the OCDS merge rules. */
  readonly compiledByGateway: Scalars['Boolean']['output'];
  /**
   * The whole compiled release the process was built from, as JSON, extension fields and every field the
   * graph does not map included: the publisher's own when a record gave one (`compiledByGateway` false),
   * otherwise the gateway's merge of the releases with the merge rules of the package's OCDS version
   * (`provenance { version }`), their quirks read as `dataNotes` says. What the graph withholds about persons
   * is left out here too: contact points (and any `email`, `telephone` or `faxNumber` field), beneficial
   * owners, signatories, objects whose `id` is a personal register number, and any value that is one (given
   * as null). A person's name a publisher puts in another extension field passes as published.
   * Null when unknown: the process was not published as OCDS (`feed: TENDER_MN`), or the gateway no longer
   * holds what it was built from (stored before it was kept, or refreshed since its releases were read).
   */
  readonly compiledRelease: Maybe<Scalars['JSON']['output']>;
  readonly contracts: ReadonlyArray<Contract>;
  /**
   * Values of the releases the gateway read differently from how they were published: a publisher's quirk
   * (a `tag` given as text, `""` for a number or date, `{}` for a list, a currency code in lower case, a
   * missing `initiationType`) read in the standard's shape. At most 50; `coercions` counts them all. Empty:
   * every value was read as published.
   */
  readonly dataNotes: ReadonlyArray<DataNote>;
  /** Date of the latest release compiled into this state. */
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  /**
   * The releases the gateway holds of the process compiled by the gateway itself, as JSON, with the merge
   * rules of the package's OCDS version and the same fields left out as `compiledRelease`: for a process its
   * publisher compiled (`compiledByGateway` false), the merge to compare theirs with; otherwise the same as
   * `compiledRelease`. Null when unknown: the gateway holds no full release of the process (a record that
   * gave only its compiled release or linked releases), or not those it was built from.
   */
  readonly gatewayCompiledRelease: Maybe<Scalars['JSON']['output']>;
  readonly id: Scalars['ID']['output'];
  readonly initiationType: Maybe<Scalars['String']['output']>;
  readonly language: Maybe<Scalars['String']['output']>;
  /** Open Contracting ID as the publisher wrote it (case kept), e.g. `ocds-213czf-000-00001`. */
  readonly ocid: Scalars['String']['output'];
  readonly parties: ReadonlyArray<Party>;
  readonly planning: Maybe<Planning>;
  /** Public investment projects this process delivers (linked by ocid). */
  readonly projects: Maybe<ReadonlyArray<InvestmentProject>>;
  readonly provenance: Provenance;
  /**
   * Other processes this one is related to (a framework, a prior or a replacement process, ...). Empty:
   * none published. Null: unknown (see above).
   */
  readonly relatedProcesses: Maybe<ReadonlyArray<RelatedProcess>>;
  /** How many releases were compiled into this state. */
  readonly releaseCount: Scalars['Int']['output'];
  readonly tag: ReadonlyArray<Scalars['String']['output']>;
  readonly tender: Maybe<Tender>;
  /**
   * The whole versioned release, as JSON: every field with each value it has had and the release that set it
   * (`releaseID`, `releaseDate`, `releaseTag`, `value`), merged from the releases as `compiledRelease` is,
   * with the same fields left out. Null when unknown, never an empty history: the gateway holds no releases
   * of the process (a record that gave only its compiled release or linked releases; a process not published
   * as OCDS), or not those it was built from.
   */
  readonly versionedRelease: Maybe<Scalars['JSON']['output']>;
};


/**
 * One contracting process: the compiled state of every OCDS release that shares an `ocid`, with planning,
 * tender, awards, contracts and their implementation.
 *
 * Lists of the OCDS extensions and of fields mapped later (lots, bids, enquiries, amendments, related
 * processes, related lots, further classifications, a contract's milestones) tell none from unknown: an
 * empty list means the publisher gave none; null means unknown, because the process was stored before the
 * field was mapped (until a change to it is harvested), was not published as OCDS (`feed: TENDER_MN`), or gave the
 * field in another shape than a list (the value as published is in `compiledRelease`).
 */
export type ContractingProcessPartiesArgs = {
  role?: InputMaybe<Scalars['String']['input']>;
};

/** A page of contracting processes, newest first. */
export type ContractingProcessConnection = {
  readonly __typename?: 'ContractingProcessConnection';
  readonly edges: ReadonlyArray<ContractingProcessEdge>;
  readonly pageInfo: PageInfo;
  /** How many processes match the filter in all. */
  readonly totalCount: Scalars['Int']['output'];
  /** Tender values of all matching processes, summed per currency (never across currencies). */
  readonly valueTotals: ReadonlyArray<Money>;
};

export type ContractingProcessEdge = {
  readonly __typename?: 'ContractingProcessEdge';
  readonly cursor: Scalars['String']['output'];
  readonly node: ContractingProcess;
};

/** Filters for `contractingProcesses`; all given fields must match. */
export type ContractingProcessFilter = {
  /** Buyer party id, identifier id (e.g. a register number) or part of its name, case-insensitive. */
  readonly buyer?: InputMaybe<Scalars['String']['input']>;
  /** Processes whose latest release is at or after this time. */
  readonly changedSince?: InputMaybe<Scalars['DateTime']['input']>;
  /** ISO 4217 code of the value range, e.g. MNT. */
  readonly currency?: InputMaybe<Scalars['String']['input']>;
  /** Earliest process date, inclusive (ISO 8601 date or date-time). */
  readonly dateFrom?: InputMaybe<Scalars['DateTime']['input']>;
  /** Latest process date, inclusive (ISO 8601 date or date-time). */
  readonly dateTo?: InputMaybe<Scalars['DateTime']['input']>;
  /** OCDS method code: open, selective, limited or direct. */
  readonly procurementMethod?: InputMaybe<Scalars['String']['input']>;
  /** Tender status code, e.g. active or complete. */
  readonly status?: InputMaybe<Scalars['String']['input']>;
  /** Supplier of any award: party id, identifier id or part of the name, case-insensitive. */
  readonly supplier?: InputMaybe<Scalars['String']['input']>;
  readonly valueMax?: InputMaybe<Scalars['Float']['input']>;
  /** Tender value range; requires `currency` (values in other currencies never match). */
  readonly valueMin?: InputMaybe<Scalars['Float']['input']>;
};

/** One value read differently from how it was published. */
export type DataNote = {
  readonly __typename?: 'DataNote';
  /** The value as published (JSON text, shortened), or `absent`. */
  readonly original: Scalars['String']['output'];
  /** JSON path within that release, array indices included (`awards/0/value/amount`). */
  readonly path: Scalars['String']['output'];
  /** The release whose value it was. */
  readonly releaseId: Scalars['String']['output'];
  readonly rule: CoercionRule;
};

/** What a harvested feed left out and read differently: its data quality. */
export type DataQuality = {
  readonly __typename?: 'DataQuality';
  /** Values of the listed processes' releases read differently from how they were published (see `DataNote`). */
  readonly coercions: Scalars['Int']['output'];
  /** The most recently read quarantined releases (at most 5), newest first. */
  readonly examples: ReadonlyArray<QuarantinedRelease>;
  /** Releases in quarantine now: they cannot be used, and are kept as published with why. */
  readonly quarantined: Scalars['Int']['output'];
};

/** A document published about the process. */
export type Document = Sourced & {
  readonly __typename?: 'Document';
  readonly dateModified: Maybe<Scalars['DateTime']['output']>;
  readonly datePublished: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  /** OCDS documentType code. */
  readonly documentType: Maybe<Scalars['String']['output']>;
  readonly format: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly language: Maybe<Scalars['String']['output']>;
  /**
   * Ids of the lots the document is about (`Tender.lots`, lots extension). Empty: none given, the whole
   * tender. Null: unknown (`ContractingProcess` says when).
   */
  readonly relatedLots: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly url: Maybe<Scalars['String']['output']>;
};

/**
 * What EITI (eiti.org) and EITI Mongolia say about one entity. Each field comes from its own upstream and
 * carries its own freshness; a failing upstream nulls only its fields.
 */
export type EitiFacet = Sourced & {
  readonly __typename?: 'EitiFacet';
  readonly freshness: Freshness;
  /** Mineral licences held, from EITI Mongolia's licence map. */
  readonly licences: Maybe<ReadonlyArray<MineralLicence>>;
  /** EITI organisation records with this identification, one per reporting year. */
  readonly organisations: Maybe<ReadonlyArray<EitiOrganisation>>;
  /** Payments reported to EITI, optionally for one year. */
  readonly payments: Maybe<ReadonlyArray<EitiPayment>>;
  /** EITI Mongolia e-report filings, optionally for one year. */
  readonly reports: Maybe<ReadonlyArray<EitiReport>>;
};


/**
 * What EITI (eiti.org) and EITI Mongolia say about one entity. Each field comes from its own upstream and
 * carries its own freshness; a failing upstream nulls only its fields.
 */
export type EitiFacetPaymentsArgs = {
  year?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * What EITI (eiti.org) and EITI Mongolia say about one entity. Each field comes from its own upstream and
 * carries its own freshness; a failing upstream nulls only its fields.
 */
export type EitiFacetReportsArgs = {
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** One EITI organisation record: EITI issues one id per company per reporting year. */
export type EitiOrganisation = Sourced & {
  readonly __typename?: 'EitiOrganisation';
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly identification: Scalars['String']['output'];
  readonly label: Scalars['String']['output'];
  readonly year: Scalars['Int']['output'];
};

/** A payment or revenue stream a company reported to EITI. Amounts keep their currency and are never summed across currencies. */
export type EitiPayment = Sourced & {
  readonly __typename?: 'EitiPayment';
  readonly freshness: Freshness;
  readonly gfsCode: Maybe<Scalars['String']['output']>;
  readonly gfsLabel: Maybe<Scalars['String']['output']>;
  readonly governmentEntity: Maybe<Scalars['String']['output']>;
  readonly id: Scalars['String']['output'];
  readonly organisationId: Scalars['String']['output'];
  readonly paidInKind: Maybe<Scalars['Boolean']['output']>;
  /** Revenue stream, e.g. Royalties. */
  readonly stream: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
  readonly year: Maybe<Scalars['Int']['output']>;
};

/** A company-year that filed an EITI Mongolia e-report. */
export type EitiReport = Sourced & {
  readonly __typename?: 'EitiReport';
  /** EITI Mongolia's own company id. */
  readonly companyId: Scalars['String']['output'];
  readonly companyName: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly registerNumber: Scalars['String']['output'];
  readonly year: Scalars['Int']['output'];
};

/** A question asked about the tender, and its answer (OCDS enquiries extension). */
export type Enquiry = Sourced & {
  readonly __typename?: 'Enquiry';
  readonly answer: Maybe<Scalars['String']['output']>;
  /**
   * Who asked, when the publisher discloses it. An author whose id is a personal register number (a person)
   * is withheld (null).
   */
  readonly author: Maybe<PartyReference>;
  /** When the question was received. */
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly dateAnswered: Maybe<Scalars['DateTime']['output']>;
  /** The question. */
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly id: Maybe<Scalars['String']['output']>;
  /** The id of the item the question is about. */
  readonly relatedItem: Maybe<Scalars['String']['output']>;
  /** The id of the lot the question is about. */
  readonly relatedLot: Maybe<Scalars['String']['output']>;
  /** Groups the questions and answers of one discussion. */
  readonly threadID: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
};

/** Where a value came from and how old it is. A scalar field's freshness is its object's. */
export type Freshness = {
  readonly __typename?: 'Freshness';
  /** Age in seconds at the time of this response. */
  readonly ageSeconds: Scalars['Int']['output'];
  readonly cache: CacheStatus;
  /** When the gateway received (or revalidated) the value. */
  readonly fetchedAt: Scalars['DateTime']['output'];
  /**
   * Set when the value was served from the store that the source's harvester fills: how far the harvest has
   * got and whether it is complete. Null for a value read live from the upstream.
   */
  readonly harvest: Maybe<Harvest>;
  /** The source's freshness policy: values older than this are stale. */
  readonly maxAgeSeconds: Scalars['Int']['output'];
  /**
   * Set when the value was served by the embedded replay server (no `<SOURCE>_URL` configured): the
   * recording it came from, since `url` then names a loopback address that only exists while the gateway
   * runs. Null for a value read from a configured upstream.
   */
  readonly recording: Maybe<Recording>;
  readonly source: SourceName;
  /** When the upstream says the value last changed. */
  readonly sourceUpdatedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the value is older than `maxAgeSeconds` or was served as a fallback. */
  readonly stale: Scalars['Boolean']['output'];
  /** Null when fresh. */
  readonly staleReason: Maybe<StaleReason>;
  /** The upstream resource the value came from: where the gateway actually fetched it (see `recording`). */
  readonly url: Maybe<Scalars['String']['output']>;
};

/** Where a project's money comes from. */
export type FundingSource =
  /** Гадаадын тусламж */
  | 'FOREIGN_AID'
  /** Гадаадын зээл */
  | 'FOREIGN_LOAN'
  /** Орон нутгийн хөгжлийн сан */
  | 'LOCAL_DEVELOPMENT_FUND'
  | 'OTHER'
  /** Улсын төсөв */
  | 'STATE_BUDGET';

/**
 * The harvest of one source into the store. A list read from the store is complete once a pass has
 * completed (`complete`), and is as of `confirmedAt`; while the first pass runs it is partial.
 */
export type Harvest = {
  readonly __typename?: 'Harvest';
  /** True once a pass has completed: the store holds the whole publication as of `confirmedAt`. */
  readonly complete: Scalars['Boolean']['output'];
  /** When a pass last completed. */
  readonly completedAt: Maybe<Scalars['DateTime']['output']>;
  /**
   * When the upstream was last confirmed to match the store: the start of the last completed pass, or the
   * last reading of a part that pass did not ask for again (EITI Mongolia's report list, read once per
   * max-age), whichever is earlier.
   */
  readonly confirmedAt: Maybe<Scalars['DateTime']['output']>;
  /** The newest date the upstream gave for the data harvested so far. */
  readonly datasetDate: Maybe<Scalars['DateTime']['output']>;
  /** The last failure, in words. */
  readonly lastError: Maybe<Scalars['String']['output']>;
  readonly lastErrorAt: Maybe<Scalars['DateTime']['output']>;
  /**
   * What the last completed pass noted, in words, though it completed: a feed walk that ended at a
   * `links.next` pointing to another origin (never followed), naming that origin. Null when there was nothing
   * to say.
   */
  readonly note: Maybe<Scalars['String']['output']>;
  /** Pages (or files) read by the pass now running (or the last one). */
  readonly pages: Scalars['Int']['output'];
  /**
   * Releases left out of this answer because they cannot be used: kept as published, with why, in the store's
   * quarantine (`sources { dataQuality }`). For a list, the source's; for one process, its own. 0: none;
   * null: the source has no such check.
   */
  readonly quarantined: Maybe<Scalars['Int']['output']>;
  /** Records read by the pass now running (or the last one). */
  readonly records: Scalars['Int']['output'];
  /** When the pass now running (or the last one) started. */
  readonly startedAt: Maybe<Scalars['DateTime']['output']>;
  readonly state: HarvestState;
};

/** What a source's harvester is doing. */
export type HarvestState =
  /** The last pass failed; the next one is scheduled. */
  | 'FAILED'
  /** Between passes; the last one completed. */
  | 'IDLE'
  /** This source is not harvested; it is read live. */
  | 'OFF'
  /** No harvest has started yet. */
  | 'PENDING'
  /** A pass is reading the upstream now. */
  | 'RUNNING'
  /** The store refused writes (disk or size cap full): harvesting stopped, serving goes on. */
  | 'STORE_FULL';

/** An organisation identifier, e.g. `{ scheme: "MN-CR", id: "0912345" }` (org-id.guide schemes). */
export type Identifier = {
  readonly __typename?: 'Identifier';
  readonly id: Maybe<Scalars['String']['output']>;
  readonly legalName: Maybe<Scalars['String']['output']>;
  readonly scheme: Maybe<Scalars['String']['output']>;
  readonly uri: Maybe<Scalars['String']['output']>;
};

/** The implementation stage of a contract. */
export type Implementation = Sourced & {
  readonly __typename?: 'Implementation';
  readonly documents: ReadonlyArray<Document>;
  readonly freshness: Freshness;
  readonly milestones: ReadonlyArray<Milestone>;
  readonly transactions: ReadonlyArray<Transaction>;
};

/**
 * Who holds an interest. A natural person carries a name and nationality only: never an identity
 * number, never an address.
 */
export type InterestedParty = Sourced & {
  readonly __typename?: 'InterestedParty';
  /** ISO 3166-1 alpha-2 codes: nationality of a person, jurisdiction of an entity. */
  readonly countries: ReadonlyArray<Scalars['String']['output']>;
  /** Freshness of the ownership statement that names this party. */
  readonly freshness: Freshness;
  /** Identifiers of an interested legal entity (never of a person). */
  readonly identifiers: ReadonlyArray<Identifier>;
  readonly kind: InterestedPartyKind;
  readonly name: Maybe<Scalars['String']['output']>;
  /** The interested legal entity as an Organization, when it has a register number. */
  readonly organization: Maybe<Organization>;
  /** Register number of an interested Mongolian legal entity. */
  readonly registerNumber: Maybe<Scalars['String']['output']>;
};

export type InterestedPartyKind =
  | 'ENTITY'
  | 'PERSON'
  | 'UNKNOWN';

/**
 * A public investment project (OC4IDS 0.9.4): status, sector, locations, periods, budget by year and
 * funding source, parties by role, and the contracting processes that deliver it.
 */
export type InvestmentProject = Node & Sourced & {
  readonly __typename?: 'InvestmentProject';
  readonly budget: Maybe<Money>;
  readonly budgetLines: ReadonlyArray<BudgetLine>;
  /** Budget line amounts summed per currency (never across currencies). */
  readonly budgetTotals: ReadonlyArray<Money>;
  readonly completionPeriod: Maybe<Period>;
  /** The ocids the project lists. */
  readonly contractingProcessOcids: ReadonlyArray<Scalars['String']['output']>;
  /**
   * The contracting processes that deliver the project, resolved from procurement by ocid; an ocid the
   * procurement source does not know is `null` in the list with a NOT_FOUND error.
   */
  readonly contractingProcesses: ReadonlyArray<Maybe<ContractingProcess>>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly fictional: Scalars['Boolean']['output'];
  readonly freshness: Freshness;
  readonly id: Scalars['ID']['output'];
  readonly implementationPeriod: Maybe<Period>;
  readonly locations: ReadonlyArray<ProjectLocation>;
  readonly notice: Maybe<Scalars['String']['output']>;
  readonly parties: ReadonlyArray<ProjectParty>;
  readonly period: Maybe<Period>;
  /** The project's own identifier. */
  readonly projectId: Scalars['String']['output'];
  /** OC4IDS projectSector codes, e.g. transport.road. */
  readonly sectors: ReadonlyArray<Scalars['String']['output']>;
  /** OC4IDS projectStatus code: identification, preparation, implementation, completion, ... */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly type: Maybe<Scalars['String']['output']>;
  /** When the project record last changed. */
  readonly updated: Maybe<Scalars['DateTime']['output']>;
  /**
   * When the publisher stopped listing the project: the store keeps a project its package no longer lists,
   * answers it by id with this time, and leaves it out of every list. `null` while the project is listed.
   */
  readonly withdrawnAt: Maybe<Scalars['DateTime']['output']>;
};


/**
 * A public investment project (OC4IDS 0.9.4): status, sector, locations, periods, budget by year and
 * funding source, parties by role, and the contracting processes that deliver it.
 */
export type InvestmentProjectBudgetLinesArgs = {
  fundingSource?: InputMaybe<FundingSource>;
  year?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A public investment project (OC4IDS 0.9.4): status, sector, locations, periods, budget by year and
 * funding source, parties by role, and the contracting processes that deliver it.
 */
export type InvestmentProjectBudgetTotalsArgs = {
  fundingSource?: InputMaybe<FundingSource>;
  year?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A public investment project (OC4IDS 0.9.4): status, sector, locations, periods, budget by year and
 * funding source, parties by role, and the contracting processes that deliver it.
 */
export type InvestmentProjectPartiesArgs = {
  role?: InputMaybe<ProjectRole>;
};

export type InvestmentProjectConnection = Sourced & {
  readonly __typename?: 'InvestmentProjectConnection';
  /** Budgets of all matching projects, summed per currency. */
  readonly budgetTotals: ReadonlyArray<Money>;
  readonly edges: ReadonlyArray<InvestmentProjectEdge>;
  readonly freshness: Freshness;
  readonly pageInfo: PageInfo;
  readonly totalCount: Scalars['Int']['output'];
};

export type InvestmentProjectEdge = {
  readonly __typename?: 'InvestmentProjectEdge';
  readonly cursor: Scalars['String']['output'];
  readonly node: InvestmentProject;
};

/** Filters for `investmentProjects`; all given fields must match. */
export type InvestmentProjectFilter = {
  /** Aimag name, exact (Cyrillic), e.g. Өмнөговь. */
  readonly aimag?: InputMaybe<Scalars['String']['input']>;
  readonly budgetMax?: InputMaybe<Scalars['Float']['input']>;
  /** Budget range; requires `currency` (amounts in other currencies never match). */
  readonly budgetMin?: InputMaybe<Scalars['Float']['input']>;
  /** Projects updated at or after this time. */
  readonly changedSince?: InputMaybe<Scalars['DateTime']['input']>;
  readonly currency?: InputMaybe<Scalars['String']['input']>;
  /** Projects whose period overlaps [dateFrom, dateTo]. */
  readonly dateFrom?: InputMaybe<Scalars['DateTime']['input']>;
  readonly dateTo?: InputMaybe<Scalars['DateTime']['input']>;
  readonly fundingSource?: InputMaybe<FundingSource>;
  /** Party register number or part of a party name, any role. */
  readonly party?: InputMaybe<Scalars['String']['input']>;
  /** Sector code or its prefix, e.g. transport or transport.road. */
  readonly sector?: InputMaybe<Scalars['String']['input']>;
  /** OC4IDS projectStatus code. */
  readonly status?: InputMaybe<Scalars['String']['input']>;
};

/** A good, work or service to be procured. */
export type Item = Sourced & {
  readonly __typename?: 'Item';
  /**
   * Further classifications of the item (`additionalClassifications`), in other schemes or finer codes.
   * Empty: none given. Null: unknown (`ContractingProcess` says when).
   */
  readonly additionalClassifications: Maybe<ReadonlyArray<Classification>>;
  readonly classification: Maybe<Classification>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly quantity: Maybe<Scalars['Float']['output']>;
  /** The id of the lot the item belongs to (`Tender.lots`, lots extension); null: none given, or unknown. */
  readonly relatedLot: Maybe<Scalars['String']['output']>;
  readonly unitName: Maybe<Scalars['String']['output']>;
  /** The price of one unit, in its currency. */
  readonly unitValue: Maybe<Money>;
};

/**
 * Legal forms of the register (Хэлбэр), with `OTHER` for the rare tail. `legalFormRaw` keeps the
 * register's own code. Meanings: LLC = ХХК, LLC_FOREIGN_INVESTED = ХХК /ГХО/, JOINT_STOCK_COMPANY = ХК,
 * STATE_OWNED_JSC = ТӨХК, STATE_OWNED = Төрийн өмчит, LOCALLY_OWNED = Орон нутгийн өмчит,
 * BUDGET_ORGANISATION = ТБАГУТҮГ, NGO_PUBLIC_BENEFIT = НҮТББ, NGO_MEMBER_BENEFIT = ГҮТББ, ...
 * (the full table is in `src/sources/registry/README.md`).
 */
export type LegalForm =
  | 'BUDGET_ORGANISATION'
  | 'COOPERATIVE'
  | 'EDUCATIONAL_ORGANISATION'
  | 'FOUNDATION'
  | 'FREE_ZONE_ENTITY'
  | 'JOINT_STOCK_COMPANY'
  | 'LLC'
  | 'LLC_AUDIT'
  | 'LLC_BANK'
  | 'LLC_FOREIGN_INVESTED'
  | 'LLC_INSURANCE'
  | 'LLC_NON_BANK_FINANCIAL'
  | 'LOCALLY_OWNED'
  | 'MEDIA_ORGANISATION'
  | 'NGO_MEMBER_BENEFIT'
  | 'NGO_PUBLIC_BENEFIT'
  | 'OTHER'
  | 'PARTNERSHIP'
  | 'RELIGIOUS_ORGANISATION'
  | 'SAVINGS_CREDIT_COOPERATIVE'
  | 'STATE_OWNED'
  | 'STATE_OWNED_JSC'
  | 'TRADE_UNION';

/** A part of a tender that can be bid on and awarded on its own (OCDS lots extension). */
export type Lot = Sourced & {
  readonly __typename?: 'Lot';
  readonly contractPeriod: Maybe<Period>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  /** The lot's id, which `Item.relatedLot`, `Award.relatedLots`, `Bid.relatedLots` and the others refer to. */
  readonly id: Maybe<Scalars['String']['output']>;
  /** OCDS tenderStatus code of the lot: planning, planned, active, cancelled, unsuccessful, complete, withdrawn. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  /** The lot's maximum estimated value, in its currency. */
  readonly value: Maybe<Money>;
};

/** Limits on bidding for and winning lots (lots extension `tender.lotDetails`). */
export type LotDetails = {
  readonly __typename?: 'LotDetails';
  readonly awardCriteriaDetails: Maybe<Scalars['String']['output']>;
  /** The most lots one supplier may be awarded. */
  readonly maximumLotsAwardedPerSupplier: Maybe<Scalars['Int']['output']>;
  /** The most lots one supplier may bid for. */
  readonly maximumLotsBidPerSupplier: Maybe<Scalars['Int']['output']>;
};

/** Lots the buyer may award together, or whose total value it caps (lots extension). */
export type LotGroup = Sourced & {
  readonly __typename?: 'LotGroup';
  readonly freshness: Freshness;
  readonly id: Maybe<Scalars['String']['output']>;
  /** The most the group's lots are estimated to be worth together, in its currency. */
  readonly maximumValue: Maybe<Money>;
  /** True when the buyer may combine the group's lots in one contract. */
  readonly optionToCombine: Maybe<Scalars['Boolean']['output']>;
  /** Ids of the lots in the group. */
  readonly relatedLots: Maybe<ReadonlyArray<Scalars['String']['output']>>;
};

/** A planned or met event of the process: a deadline, a delivery, a payment, an approval. */
export type Milestone = Sourced & {
  readonly __typename?: 'Milestone';
  /** A code of the publisher's or an extension's list for this kind of milestone. */
  readonly code: Maybe<Scalars['String']['output']>;
  readonly dateMet: Maybe<Scalars['DateTime']['output']>;
  readonly dateModified: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly dueDate: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  /** The milestone's id; null when the publisher gave none (some do, though OCDS requires one). */
  readonly id: Maybe<Scalars['String']['output']>;
  /**
   * Ids of the lots the milestone is about (lots extension). Empty: none given. Null: unknown
   * (`ContractingProcess` says when).
   */
  readonly relatedLots: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  /** OCDS milestoneStatus code: scheduled, met, notMet, partiallyMet. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  /** OCDS milestoneType code: preProcurement, approval, engagement, assessment, delivery, reporting, financing. */
  readonly type: Maybe<Scalars['String']['output']>;
};

/** A mineral licence held by the company (EITI Mongolia licence map). */
export type MineralLicence = Sourced & {
  readonly __typename?: 'MineralLicence';
  readonly areaHectares: Maybe<Scalars['Float']['output']>;
  readonly areaName: Maybe<Scalars['String']['output']>;
  readonly expiresOn: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  readonly grantedOn: Maybe<Scalars['DateTime']['output']>;
  readonly holderName: Maybe<Scalars['String']['output']>;
  readonly mineral: Maybe<Scalars['String']['output']>;
  readonly mineralEn: Maybe<Scalars['String']['output']>;
  /** For matching across sources: prefix and number without leading zeros, e.g. MV-21252. */
  readonly normalisedNumber: Scalars['String']['output'];
  /** As published, e.g. MV-00021252. */
  readonly number: Scalars['String']['output'];
  readonly registerNumber: Scalars['String']['output'];
  readonly soum: Maybe<Scalars['String']['output']>;
};

/** An amount of money. Amounts in different currencies are never added together. */
export type Money = {
  readonly __typename?: 'Money';
  readonly amount: Scalars['Float']['output'];
  /** ISO 4217 currency code, e.g. MNT. */
  readonly currency: Scalars['String']['output'];
};

/** An object with a global identifier, fetchable with `Query.node`. */
export type Node = {
  /** Opaque global identifier. */
  readonly id: Scalars['ID']['output'];
};

/**
 * A legal entity, keyed by its state registration number (`MN-CR` scheme). Each facet comes from one
 * source and carries that source's freshness; a failing source nulls only its own facet.
 */
export type Organization = Node & {
  readonly __typename?: 'Organization';
  /** What EITI and EITI Mongolia report about this entity. */
  readonly eiti: Maybe<EitiFacet>;
  readonly id: Scalars['ID']['output'];
  /** `{ scheme: "MN-CR", id: <register number> }`. */
  readonly identifier: Identifier;
  /** Public investment projects in which this entity is a party, optionally in one role. */
  readonly investmentProjects: Maybe<ReadonlyArray<InvestmentProject>>;
  /** The registered name, or `null` when the register does not list the number. */
  readonly name: Maybe<Scalars['String']['output']>;
  /** Entities this one owns or controls (BODS 0.4 relationships whose interested party it is). */
  readonly ownedEntities: Maybe<ReadonlyArray<OwnershipRelationship>>;
  /** Who owns or controls this entity (BODS 0.4 relationships whose subject it is). */
  readonly owners: Maybe<ReadonlyArray<OwnershipRelationship>>;
  /** Contracting processes where this entity is a party, matched by its MN-CR identifier only. */
  readonly procurement: Maybe<ProcurementFacet>;
  /** The 7-digit state registration number. */
  readonly registerNumber: Scalars['String']['output'];
  /**
   * What the legal-entity register says. `null` with a NOT_FOUND error when the register dump does not
   * list the number. With `revalidate: true` the record is checked against the register's per-entity
   * page (rate-limited) instead of the daily dump.
   */
  readonly registry: Maybe<RegistryRecord>;
};


/**
 * A legal entity, keyed by its state registration number (`MN-CR` scheme). Each facet comes from one
 * source and carries that source's freshness; a failing source nulls only its own facet.
 */
export type OrganizationInvestmentProjectsArgs = {
  role?: InputMaybe<ProjectRole>;
};


/**
 * A legal entity, keyed by its state registration number (`MN-CR` scheme). Each facet comes from one
 * source and carries that source's freshness; a failing source nulls only its own facet.
 */
export type OrganizationRegistryArgs = {
  revalidate?: InputMaybe<Scalars['Boolean']['input']>;
};

export type OrganizationConnection = Sourced & {
  readonly __typename?: 'OrganizationConnection';
  readonly edges: ReadonlyArray<OrganizationEdge>;
  /** Freshness of the register index the search ran over. */
  readonly freshness: Freshness;
  readonly pageInfo: PageInfo;
  readonly totalCount: Scalars['Int']['output'];
};

/** One search hit. */
export type OrganizationEdge = {
  readonly __typename?: 'OrganizationEdge';
  readonly cursor: Scalars['String']['output'];
  /** The form of the name or query that matched, e.g. the Cyrillic spelling a Latin query became. */
  readonly matchedVariant: Scalars['String']['output'];
  readonly node: Organization;
  /** Higher is better; 1 is an exact match of the whole normalised name. */
  readonly score: Scalars['Float']['output'];
};

/** One interest of an ownership or control relationship (BODS 0.4). */
export type OwnershipInterest = Sourced & {
  readonly __typename?: 'OwnershipInterest';
  readonly beneficialOwnershipOrControl: Maybe<Scalars['Boolean']['output']>;
  readonly directOrIndirect: Maybe<Scalars['String']['output']>;
  readonly endDate: Maybe<Scalars['DateTime']['output']>;
  /** Freshness of the ownership statement this interest is part of. */
  readonly freshness: Freshness;
  readonly shareExact: Maybe<Scalars['Float']['output']>;
  readonly shareMax: Maybe<Scalars['Float']['output']>;
  readonly shareMin: Maybe<Scalars['Float']['output']>;
  readonly startDate: Maybe<Scalars['DateTime']['output']>;
  /** BODS interestType code, e.g. shareholding, votingRights, otherInfluenceOrControl. */
  readonly type: Scalars['String']['output'];
};

/** An ownership or control relationship between an entity (the subject) and an interested party (BODS 0.4). */
export type OwnershipRelationship = Sourced & {
  readonly __typename?: 'OwnershipRelationship';
  /** True when the relationship has ended. */
  readonly closed: Scalars['Boolean']['output'];
  readonly fictional: Scalars['Boolean']['output'];
  readonly freshness: Freshness;
  readonly interestedParty: InterestedParty;
  readonly interests: ReadonlyArray<OwnershipInterest>;
  readonly statementDate: Maybe<Scalars['DateTime']['output']>;
  readonly statementId: Scalars['String']['output'];
  /** The subject as an Organization, when it has a register number. */
  readonly subject: Maybe<Organization>;
  readonly subjectName: Maybe<Scalars['String']['output']>;
  readonly subjectRegisterNumber: Maybe<Scalars['String']['output']>;
};

/** Relay connection page information. */
export type PageInfo = {
  readonly __typename?: 'PageInfo';
  readonly endCursor: Maybe<Scalars['String']['output']>;
  readonly hasNextPage: Scalars['Boolean']['output'];
  readonly hasPreviousPage: Scalars['Boolean']['output'];
  readonly startCursor: Maybe<Scalars['String']['output']>;
};

/** An organisation taking part in a contracting process, with its roles (buyer, tenderer, supplier, ...). */
export type Party = Sourced & {
  readonly __typename?: 'Party';
  readonly additionalIdentifiers: ReadonlyArray<Identifier>;
  readonly address: Maybe<Address>;
  /**
   * `details.classifications` (party details classification extension), e.g. the party's sector. Empty: none
   * given. Null: unknown (`ContractingProcess` says when).
   */
  readonly classifications: Maybe<ReadonlyArray<Classification>>;
  /**
   * `details`, the open object OCDS gives for what the party is (extension fields such as `scale`,
   * `classifications`), as published, without what the graph withholds about persons (contact points, `email`,
   * `telephone`, `faxNumber`, beneficial owners, signatories, objects whose `id` is a personal register number
   * and any value that is one). Null when the party gave none, or when unknown: the process was stored before
   * details were mapped (`classifications` is null then), or was not published as OCDS.
   */
  readonly details: Maybe<Scalars['JSON']['output']>;
  readonly freshness: Freshness;
  /** The party's id within the process. */
  readonly id: Scalars['String']['output'];
  readonly identifier: Maybe<Identifier>;
  readonly name: Maybe<Scalars['String']['output']>;
  /** The legal entity behind this party, when its identifier is an MN-CR register number (no name matching). */
  readonly organization: Maybe<Organization>;
  /** OCDS partyRole codes, e.g. buyer, procuringEntity, tenderer, supplier, payer, payee. */
  readonly roles: ReadonlyArray<Scalars['String']['output']>;
  /** `details.scale`: OCDS partyScale code, e.g. micro, sme, large, selfEmployed. */
  readonly scale: Maybe<Scalars['String']['output']>;
};

/** A reference to a party of the same process. */
export type PartyReference = Sourced & {
  readonly __typename?: 'PartyReference';
  readonly freshness: Freshness;
  /** The party's id within the process. */
  readonly id: Maybe<Scalars['String']['output']>;
  readonly name: Maybe<Scalars['String']['output']>;
  /** The full party entry, when the process lists it. */
  readonly party: Maybe<Party>;
};

/** A period of time (OCDS Period). */
export type Period = Sourced & {
  readonly __typename?: 'Period';
  readonly durationInDays: Maybe<Scalars['Int']['output']>;
  readonly endDate: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  readonly maxExtentDate: Maybe<Scalars['DateTime']['output']>;
  readonly startDate: Maybe<Scalars['DateTime']['output']>;
};

/** The planning stage: why and with what budget. */
export type Planning = Sourced & {
  readonly __typename?: 'Planning';
  readonly budget: Maybe<Budget>;
  readonly documents: ReadonlyArray<Document>;
  readonly freshness: Freshness;
  readonly milestones: ReadonlyArray<Milestone>;
  readonly rationale: Maybe<Scalars['String']['output']>;
};

/** Contracting processes in which the entity appears with its MN-CR identifier, newest first. */
export type ProcurementFacet = Sourced & {
  readonly __typename?: 'ProcurementFacet';
  /** Processes where the entity is the buyer; `changedSince` keeps those whose latest release is at or after it. */
  readonly asBuyer: ContractingProcessConnection;
  /** Processes where the entity is a supplier of an award. */
  readonly asSupplier: ContractingProcessConnection;
  /** Processes where the entity tendered. */
  readonly asTenderer: ContractingProcessConnection;
  readonly freshness: Freshness;
};


/** Contracting processes in which the entity appears with its MN-CR identifier, newest first. */
export type ProcurementFacetAsBuyerArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  changedSince?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Contracting processes in which the entity appears with its MN-CR identifier, newest first. */
export type ProcurementFacetAsSupplierArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  changedSince?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Contracting processes in which the entity appears with its MN-CR identifier, newest first. */
export type ProcurementFacetAsTendererArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  changedSince?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Which procurement adapter a list reads. */
export type ProcurementFeed =
  /** The OCDS API (`PROCUREMENT_URL`): releases and records, compiled with the OCDS merge rules. */
  | 'OCDS'
  /** tender.gov.mn's open-data API (`TENDER_MN_URL`): invitations and bidders mapped to OCDS, ocids minted by the gateway. */
  | 'TENDER_MN';

/** Where a project is. */
export type ProjectLocation = {
  readonly __typename?: 'ProjectLocation';
  /** Aimag (province) or the capital. */
  readonly aimag: Maybe<Scalars['String']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  /** Soum or capital district. */
  readonly soum: Maybe<Scalars['String']['output']>;
};

/** A party of a project, with its roles. */
export type ProjectParty = Sourced & {
  readonly __typename?: 'ProjectParty';
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly name: Maybe<Scalars['String']['output']>;
  /** The legal entity behind the party, when it has a register number (no name matching). */
  readonly organization: Maybe<Organization>;
  /** MN-CR register number, when the project gives one. */
  readonly registerNumber: Maybe<Scalars['String']['output']>;
  readonly roles: ReadonlyArray<ProjectRole>;
  /** The project's own role codes. */
  readonly rolesRaw: ReadonlyArray<Scalars['String']['output']>;
};

/** A party's role in a project (OC4IDS partyRole codes; supervisor is an open-codelist addition). */
export type ProjectRole =
  | 'CONTRACTOR'
  | 'FUNDER'
  | 'IMPLEMENTER'
  | 'OTHER'
  | 'PUBLIC_AUTHORITY'
  | 'SUPERVISOR';

/** Who published a process's data, and whether it is fictional. */
export type Provenance = Sourced & {
  readonly __typename?: 'Provenance';
  /** True for fictional data: the OCDS standard's example and the generated Mongolian scenario. */
  readonly fictional: Scalars['Boolean']['output'];
  readonly freshness: Freshness;
  readonly license: Maybe<Scalars['String']['output']>;
  /** What the data is, in the publisher's words. */
  readonly notice: Maybe<Scalars['String']['output']>;
  /** The package URI the publisher gave. */
  readonly packageUri: Maybe<Scalars['String']['output']>;
  readonly publishedDate: Maybe<Scalars['DateTime']['output']>;
  readonly publisher: Maybe<Scalars['String']['output']>;
  /**
   * The OCDS version the publisher's package declared (`version`, e.g. `1.1`), which chose the merge rules.
   * Null when the package declared none (the standard then reads it as OCDS 1.0) or when the gateway does not
   * know it (a process not published as OCDS, or stored before the version was kept: merged as OCDS 1.1).
   */
  readonly version: Maybe<Scalars['String']['output']>;
};

/** One problem of a quarantined release. */
export type QuarantineReason = {
  readonly __typename?: 'QuarantineReason';
  /** JSON path within the release (`tender/value/amount`). */
  readonly path: Scalars['String']['output'];
  readonly reason: Scalars['String']['output'];
};

/** A release that cannot be used, and why. */
export type QuarantinedRelease = {
  readonly __typename?: 'QuarantinedRelease';
  /** The release's ocid and id as published (empty when missing). */
  readonly ocid: Scalars['String']['output'];
  /** The first problems found: where in the release, and what (never the value). */
  readonly reasons: ReadonlyArray<QuarantineReason>;
  readonly releaseId: Scalars['String']['output'];
  /** When a harvest last read it. */
  readonly seenAt: Scalars['DateTime']['output'];
};

export type Query = {
  readonly __typename?: 'Query';
  /**
   * One contracting process by its ocid, looked up exactly as given (case included). An ocid is taken as its
   * publisher wrote it: any prefix length and case (`ocds-213czf-000-00001`, `OCDS-…`), any script in the
   * local id. BAD_USER_INPUT only for what cannot be an id: empty, over 256 characters, a control or
   * invisible character (bidi, zero-width, line separators), or dots alone. A NOT_FOUND names a stored ocid
   * that differs only in case.
   */
  readonly contractingProcess: Maybe<ContractingProcess>;
  /**
   * Contracting processes matching `filter`, newest first, from one procurement adapter (`OCDS` by
   * default; `TENDER_MN` lists tender.gov.mn's invitations mapped to OCDS). `first` is 1 to 100.
   */
  readonly contractingProcesses: Maybe<ContractingProcessConnection>;
  readonly investmentProject: Maybe<InvestmentProject>;
  /**
   * Public investment projects matching `filter`, most recently updated first (ties by project id), from
   * the store the harvest of the project package fills; withdrawn projects are left out. `first` is 1 to
   * 100; `after` is the `cursor` of the last item of the previous page.
   */
  readonly investmentProjects: Maybe<InvestmentProjectConnection>;
  /**
   * Fetches any object by its global identifier (the `id` field of an object: a contracting process's carries
   * its ocid exactly as published).
   */
  readonly node: Maybe<Node>;
  /** One legal entity by its 7-digit state registration number. */
  readonly organization: Maybe<Organization>;
  /**
   * Legal entities whose name matches `search`, in Cyrillic or any common Latin romanisation of
   * Mongolian, best first. A 7-digit register number goes straight to that entity. `first` is 1 to 100.
   */
  readonly organizations: Maybe<OrganizationConnection>;
  /** Health of every upstream. */
  readonly sources: ReadonlyArray<SourceStatus>;
};


export type QueryContractingProcessArgs = {
  ocid: Scalars['String']['input'];
};


export type QueryContractingProcessesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  feed?: InputMaybe<ProcurementFeed>;
  filter?: InputMaybe<ContractingProcessFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryInvestmentProjectArgs = {
  id: Scalars['String']['input'];
};


export type QueryInvestmentProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<InvestmentProjectFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrganizationArgs = {
  registerNumber: Scalars['String']['input'];
};


export type QueryOrganizationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  changedSince?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  legalForm?: InputMaybe<LegalForm>;
  search: Scalars['String']['input'];
};

/**
 * A recording of a public upstream, served by the embedded replay server: "a recording of `url` taken on
 * `takenAt`", or generated fictional data that was never published anywhere.
 */
export type Recording = {
  readonly __typename?: 'Recording';
  /** True when every record of the recording is generated, fictional data describing nothing real. */
  readonly fictional: Scalars['Boolean']['output'];
  /** When it was taken: an ISO 8601 date, or year-month when only the month is known; null if never. */
  readonly takenAt: Maybe<Scalars['String']['output']>;
  /** What the recording holds, in one sentence, saying which part (if any) is fictional. */
  readonly title: Scalars['String']['output'];
  /** The real public resource the recording was taken from; null for generated fictional data. */
  readonly url: Maybe<Scalars['String']['output']>;
};

/** A legal entity as the register lists it. */
export type RegistryRecord = Sourced & {
  readonly __typename?: 'RegistryRecord';
  /** True for the gateway's fictional sample companies (register numbers beginning with 09). */
  readonly fictional: Scalars['Boolean']['output'];
  readonly freshness: Freshness;
  readonly legalForm: LegalForm;
  /** The register's own legal-form code, e.g. `ХХК /ГХО/`. */
  readonly legalFormRaw: Scalars['String']['output'];
  readonly name: Scalars['String']['output'];
  readonly registerNumber: Scalars['String']['output'];
  readonly registeredOn: Maybe<Scalars['DateTime']['output']>;
  /**
   * When the gateway's harvest found the register's daily dump no longer listing this entity; `null` while
   * it is listed. A withdrawn entity is kept and answered by its number, but no longer found by name search.
   * Always `null` when the record comes from the per-entity page (`revalidate: true`) or from a dump read live.
   */
  readonly withdrawnAt: Maybe<Scalars['DateTime']['output']>;
};

/** Another contracting process this one is related to (OCDS RelatedProcess). */
export type RelatedProcess = Sourced & {
  readonly __typename?: 'RelatedProcess';
  readonly freshness: Freshness;
  /** The entry's id within the list. */
  readonly id: Maybe<Scalars['String']['output']>;
  /** The related process's id in `scheme`, e.g. its ocid. */
  readonly identifier: Maybe<Scalars['String']['output']>;
  /** OCDS relatedProcess codes, e.g. framework, planning, parent, prior, unsuccessfulProcess, subContract, replacementProcess, renewalProcess. */
  readonly relationship: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  /** OCDS relatedProcessScheme code: `ocid` when `identifier` is an ocid. */
  readonly scheme: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly uri: Maybe<Scalars['String']['output']>;
};

/**
 * The part of the upstream layer replicas share through Redis: the second-level cache of upstream answers,
 * one upstream call at a time for the same resource across replicas, and each upstream's politeness budget
 * and `Retry-After` cool-down.
 */
export type SharedCache = {
  readonly __typename?: 'SharedCache';
  /** The kind of the last failure to reach Redis (`unreachable`, `timeout`, `authentication`, `error`); null when none. */
  readonly lastError: Maybe<Scalars['String']['output']>;
  /** When the state last changed; null while OFF. */
  readonly since: Maybe<Scalars['DateTime']['output']>;
  readonly state: SharedCacheState;
};

export type SharedCacheState =
  /**
   * Unreachable or too slow: this replica goes on with its own caches and limits (so N replicas may each call an
   * upstream once, and each spend its own politeness budget) and goes back to sharing by itself once Redis answers.
   */
  | 'DOWN'
  /** Not configured: this replica keeps its own caches and politeness limits (one process needs no more). */
  | 'OFF'
  /** In use. */
  | 'UP';

/** The upstream families the gateway reads. */
export type SourceName =
  /** The EITI international data (eiti.org API). */
  | 'EITI'
  /** EITI Mongolia's e-reporting portal (reporting companies, mineral licences). */
  | 'EITI_MONGOLIA'
  /** Public investment projects (OC4IDS). */
  | 'INVESTMENT'
  /** Public procurement (OCDS). */
  | 'PROCUREMENT'
  /** The legal-entity registry (state registration of legal entities). */
  | 'REGISTRY'
  /** Public procurement from tender.gov.mn's own open-data API, mapped to OCDS. */
  | 'TENDER_MN';

/** Health of one upstream, as the gateway has seen it. */
export type SourceStatus = {
  readonly __typename?: 'SourceStatus';
  /**
   * What the harvest left out and read differently. Null for a source whose records are not checked this way
   * (only the OCDS release feed is).
   */
  readonly dataQuality: Maybe<DataQuality>;
  /** The newest date the upstream has reported for its data. */
  readonly datasetDate: Maybe<Scalars['DateTime']['output']>;
  /** True when the gateway serves this source from its embedded replay server. */
  readonly embedded: Scalars['Boolean']['output'];
  /** The source's harvest into the store; null for a source read live only. */
  readonly harvest: Maybe<Harvest>;
  /** Host of the upstream base URL (the embedded replay server when no URL is configured). */
  readonly host: Scalars['String']['output'];
  readonly lastErrorAt: Maybe<Scalars['DateTime']['output']>;
  /** Error code of the last failure. */
  readonly lastErrorCode: Maybe<Scalars['String']['output']>;
  readonly lastSuccessAt: Maybe<Scalars['DateTime']['output']>;
  /** The source's freshness policy in seconds. */
  readonly maxAgeSeconds: Scalars['Int']['output'];
  readonly name: SourceName;
  /**
   * The cache, single-flight and politeness budget this source shares with the other replicas of the gateway
   * (Redis, `REDIS_URL`), as this replica sees it now.
   */
  readonly sharedCache: SharedCache;
};

/** An object built from an upstream record: it says where it came from and how old it is. */
export type Sourced = {
  readonly freshness: Freshness;
};

/** Why a value was served stale. */
export type StaleReason =
  | 'CIRCUIT_OPEN'
  | 'RATE_LIMITED'
  | 'REVALIDATING'
  | 'UPSTREAM_ERROR';

/** The tender stage. */
export type Tender = Sourced & {
  readonly __typename?: 'Tender';
  readonly additionalProcurementCategories: ReadonlyArray<Scalars['String']['output']>;
  /**
   * Changes to the tender after it was first published: OCDS 1.1 `amendments` and the 1.0 `amendment`
   * object (`Amendment.publishedAs`). Empty: none published. Null: unknown.
   */
  readonly amendments: Maybe<ReadonlyArray<Amendment>>;
  readonly awardCriteria: Maybe<Scalars['String']['output']>;
  readonly awardPeriod: Maybe<Period>;
  readonly contractPeriod: Maybe<Period>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: ReadonlyArray<Document>;
  /**
   * Questions asked and answers given (enquiries extension). Empty: none published. Null: unknown
   * (`ContractingProcess` says when).
   */
  readonly enquiries: Maybe<ReadonlyArray<Enquiry>>;
  readonly enquiryPeriod: Maybe<Period>;
  readonly freshness: Freshness;
  /** Whether questions were received during the tender (`hasEnquiries`); `enquiries` lists them where published. */
  readonly hasEnquiries: Maybe<Scalars['Boolean']['output']>;
  readonly id: Maybe<Scalars['String']['output']>;
  readonly items: ReadonlyArray<Item>;
  /** Limits on bidding for and winning lots (lots extension); null when none given or unknown. */
  readonly lotDetails: Maybe<LotDetails>;
  /** Groups of lots (lots extension). Empty: none published. Null: unknown. */
  readonly lotGroups: Maybe<ReadonlyArray<LotGroup>>;
  /**
   * The tender's lots (lots extension), which items, awards, bids, documents and milestones name by id.
   * Empty: the tender was not divided into lots (or did not say). Null: unknown.
   */
  readonly lots: Maybe<ReadonlyArray<Lot>>;
  /** OCDS procurementCategory code: goods, works, services. */
  readonly mainProcurementCategory: Maybe<Scalars['String']['output']>;
  readonly milestones: ReadonlyArray<Milestone>;
  readonly minValue: Maybe<Money>;
  readonly numberOfTenderers: Maybe<Scalars['Int']['output']>;
  /** OCDS method code: open, selective, limited, direct. */
  readonly procurementMethod: Maybe<Scalars['String']['output']>;
  readonly procurementMethodDetails: Maybe<Scalars['String']['output']>;
  readonly procurementMethodRationale: Maybe<Scalars['String']['output']>;
  readonly procuringEntity: Maybe<PartyReference>;
  /** OCDS tenderStatus code: planning, planned, active, cancelled, unsuccessful, complete, withdrawn. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly submissionMethod: ReadonlyArray<Scalars['String']['output']>;
  readonly tenderPeriod: Maybe<Period>;
  readonly tenderers: ReadonlyArray<PartyReference>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
};

/** A payment or other financial transaction during implementation. */
export type Transaction = Sourced & {
  readonly __typename?: 'Transaction';
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly payee: Maybe<PartyReference>;
  readonly payer: Maybe<PartyReference>;
  readonly source: Maybe<Scalars['String']['output']>;
  readonly uri: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;




/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  Node:
    | ( ContractingProcessModel )
    | ( InvestmentProjectModel )
    | ( OrganizationViewModel )
  ;
  Sourced:
    | ( AmendmentModel )
    | ( AwardModel )
    | ( BidModel )
    | ( BidStatisticModel )
    | ( BidsModel )
    | ( BudgetModel )
    | ( BudgetLineModel )
    | ( ContractModel )
    | ( ContractingProcessModel )
    | ( DocumentModel )
    | ( EitiFacetViewModel )
    | ( EitiOrganisationModel )
    | ( EitiPaymentModel )
    | ( EitiReportModel )
    | ( EnquiryModel )
    | ( ImplementationModel )
    | ( InterestedPartyModel )
    | ( InvestmentProjectModel )
    | ( InvestmentProjectConnectionViewModel )
    | ( ItemModel )
    | ( LotModel )
    | ( LotGroupModel )
    | ( MilestoneModel )
    | ( MineralLicenceModel )
    | ( OrganizationConnectionViewModel )
    | ( OwnershipInterestModel )
    | ( OwnershipRelationshipModel )
    | ( PartyModel )
    | ( PartyRefModel )
    | ( PeriodModel )
    | ( PlanningModel )
    | ( OrganizationViewModel )
    | ( ProjectPartyModel )
    | ( ProvenanceModel )
    | ( RegistryEntityModel )
    | ( RelatedProcessModel )
    | ( TenderModel )
    | ( TransactionModel )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Address: ResolverTypeWrapper<AddressModel>;
  Amendment: ResolverTypeWrapper<AmendmentModel>;
  AmendmentChange: ResolverTypeWrapper<AmendmentChangeModel>;
  Award: ResolverTypeWrapper<AwardModel>;
  Bid: ResolverTypeWrapper<BidModel>;
  BidStatistic: ResolverTypeWrapper<BidStatisticModel>;
  Bids: ResolverTypeWrapper<BidsModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Budget: ResolverTypeWrapper<BudgetModel>;
  BudgetLine: ResolverTypeWrapper<BudgetLineModel>;
  CacheStatus: CacheStatus;
  Classification: ResolverTypeWrapper<ClassificationModel>;
  CoercionRule: CoercionRule;
  Contract: ResolverTypeWrapper<ContractModel>;
  ContractingProcess: ResolverTypeWrapper<ContractingProcessModel>;
  ContractingProcessConnection: ResolverTypeWrapper<ContractingProcessConnectionViewModel>;
  ContractingProcessEdge: ResolverTypeWrapper<ContractingProcessEdgeViewModel>;
  ContractingProcessFilter: ContractingProcessFilter;
  DataNote: ResolverTypeWrapper<DataNoteModel>;
  DataQuality: ResolverTypeWrapper<DataQualityModel>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<DocumentModel>;
  EitiFacet: ResolverTypeWrapper<EitiFacetViewModel>;
  EitiOrganisation: ResolverTypeWrapper<EitiOrganisationModel>;
  EitiPayment: ResolverTypeWrapper<EitiPaymentModel>;
  EitiReport: ResolverTypeWrapper<EitiReportModel>;
  Enquiry: ResolverTypeWrapper<EnquiryModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Freshness: ResolverTypeWrapper<FreshnessModel>;
  FundingSource: FundingSource;
  Harvest: ResolverTypeWrapper<HarvestStatusModel>;
  HarvestState: HarvestState;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Identifier: ResolverTypeWrapper<IdentifierModel>;
  Implementation: ResolverTypeWrapper<ImplementationModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  InterestedParty: ResolverTypeWrapper<InterestedPartyModel>;
  InterestedPartyKind: InterestedPartyKind;
  InvestmentProject: ResolverTypeWrapper<InvestmentProjectModel>;
  InvestmentProjectConnection: ResolverTypeWrapper<InvestmentProjectConnectionViewModel>;
  InvestmentProjectEdge: ResolverTypeWrapper<Omit<InvestmentProjectEdge, 'node'> & { node: ResolversTypes['InvestmentProject'] }>;
  InvestmentProjectFilter: InvestmentProjectFilter;
  Item: ResolverTypeWrapper<ItemModel>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LegalForm: LegalForm;
  Lot: ResolverTypeWrapper<LotModel>;
  LotDetails: ResolverTypeWrapper<LotDetailsModel>;
  LotGroup: ResolverTypeWrapper<LotGroupModel>;
  Milestone: ResolverTypeWrapper<MilestoneModel>;
  MineralLicence: ResolverTypeWrapper<MineralLicenceModel>;
  Money: ResolverTypeWrapper<MoneyModel>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  Organization: ResolverTypeWrapper<OrganizationViewModel>;
  OrganizationConnection: ResolverTypeWrapper<OrganizationConnectionViewModel>;
  OrganizationEdge: ResolverTypeWrapper<OrganizationEdgeViewModel>;
  OwnershipInterest: ResolverTypeWrapper<OwnershipInterestModel>;
  OwnershipRelationship: ResolverTypeWrapper<OwnershipRelationshipModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Party: ResolverTypeWrapper<PartyModel>;
  PartyReference: ResolverTypeWrapper<PartyRefModel>;
  Period: ResolverTypeWrapper<PeriodModel>;
  Planning: ResolverTypeWrapper<PlanningModel>;
  ProcurementFacet: ResolverTypeWrapper<OrganizationViewModel>;
  ProcurementFeed: ProcurementFeed;
  ProjectLocation: ResolverTypeWrapper<ProjectLocationModel>;
  ProjectParty: ResolverTypeWrapper<ProjectPartyModel>;
  ProjectRole: ProjectRole;
  Provenance: ResolverTypeWrapper<ProvenanceModel>;
  QuarantineReason: ResolverTypeWrapper<QuarantineReason>;
  QuarantinedRelease: ResolverTypeWrapper<QuarantineExampleModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Recording: ResolverTypeWrapper<Recording>;
  RegistryRecord: ResolverTypeWrapper<RegistryEntityModel>;
  RelatedProcess: ResolverTypeWrapper<RelatedProcessModel>;
  SharedCache: ResolverTypeWrapper<SharedCache>;
  SharedCacheState: SharedCacheState;
  SourceName: SourceName;
  SourceStatus: ResolverTypeWrapper<SourceStatusViewModel>;
  Sourced: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Sourced']>;
  StaleReason: StaleReason;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tender: ResolverTypeWrapper<TenderModel>;
  Transaction: ResolverTypeWrapper<TransactionModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Address: AddressModel;
  Amendment: AmendmentModel;
  AmendmentChange: AmendmentChangeModel;
  Award: AwardModel;
  Bid: BidModel;
  BidStatistic: BidStatisticModel;
  Bids: BidsModel;
  Boolean: Scalars['Boolean']['output'];
  Budget: BudgetModel;
  BudgetLine: BudgetLineModel;
  Classification: ClassificationModel;
  Contract: ContractModel;
  ContractingProcess: ContractingProcessModel;
  ContractingProcessConnection: ContractingProcessConnectionViewModel;
  ContractingProcessEdge: ContractingProcessEdgeViewModel;
  ContractingProcessFilter: ContractingProcessFilter;
  DataNote: DataNoteModel;
  DataQuality: DataQualityModel;
  DateTime: Scalars['DateTime']['output'];
  Document: DocumentModel;
  EitiFacet: EitiFacetViewModel;
  EitiOrganisation: EitiOrganisationModel;
  EitiPayment: EitiPaymentModel;
  EitiReport: EitiReportModel;
  Enquiry: EnquiryModel;
  Float: Scalars['Float']['output'];
  Freshness: FreshnessModel;
  Harvest: HarvestStatusModel;
  ID: Scalars['ID']['output'];
  Identifier: IdentifierModel;
  Implementation: ImplementationModel;
  Int: Scalars['Int']['output'];
  InterestedParty: InterestedPartyModel;
  InvestmentProject: InvestmentProjectModel;
  InvestmentProjectConnection: InvestmentProjectConnectionViewModel;
  InvestmentProjectEdge: Omit<InvestmentProjectEdge, 'node'> & { node: ResolversParentTypes['InvestmentProject'] };
  InvestmentProjectFilter: InvestmentProjectFilter;
  Item: ItemModel;
  JSON: Scalars['JSON']['output'];
  Lot: LotModel;
  LotDetails: LotDetailsModel;
  LotGroup: LotGroupModel;
  Milestone: MilestoneModel;
  MineralLicence: MineralLicenceModel;
  Money: MoneyModel;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  Organization: OrganizationViewModel;
  OrganizationConnection: OrganizationConnectionViewModel;
  OrganizationEdge: OrganizationEdgeViewModel;
  OwnershipInterest: OwnershipInterestModel;
  OwnershipRelationship: OwnershipRelationshipModel;
  PageInfo: PageInfo;
  Party: PartyModel;
  PartyReference: PartyRefModel;
  Period: PeriodModel;
  Planning: PlanningModel;
  ProcurementFacet: OrganizationViewModel;
  ProjectLocation: ProjectLocationModel;
  ProjectParty: ProjectPartyModel;
  Provenance: ProvenanceModel;
  QuarantineReason: QuarantineReason;
  QuarantinedRelease: QuarantineExampleModel;
  Query: Record<PropertyKey, never>;
  Recording: Recording;
  RegistryRecord: RegistryEntityModel;
  RelatedProcess: RelatedProcessModel;
  SharedCache: SharedCache;
  SourceStatus: SourceStatusViewModel;
  Sourced: ResolversInterfaceTypes<ResolversParentTypes>['Sourced'];
  String: Scalars['String']['output'];
  Tender: TenderModel;
  Transaction: TransactionModel;
};

export type AddressResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Address'] = ResolversParentTypes['Address']> = {
  countryName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  locality?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  streetAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AmendmentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Amendment'] = ResolversParentTypes['Amendment']> = {
  amendsReleaseID?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  changes?: Resolver<Maybe<ReadonlyArray<ResolversTypes['AmendmentChange']>>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  publishedAs?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rationale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  releaseID?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AmendmentChangeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AmendmentChange'] = ResolversParentTypes['AmendmentChange']> = {
  formerValue?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  property?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AwardResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Award'] = ResolversParentTypes['Award']> = {
  amendments?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Amendment']>>, ParentType, ContextType>;
  contractPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  items?: Resolver<ReadonlyArray<ResolversTypes['Item']>, ParentType, ContextType>;
  relatedBid?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedLots?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  suppliers?: Resolver<ReadonlyArray<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BidResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Bid'] = ResolversParentTypes['Bid']> = {
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Document']>>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedLots?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tenderers?: Resolver<Maybe<ReadonlyArray<ResolversTypes['PartyReference']>>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BidStatisticResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BidStatistic'] = ResolversParentTypes['BidStatistic']> = {
  amount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  currency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  measure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedLot?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BidsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Bids'] = ResolversParentTypes['Bids']> = {
  details?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Bid']>>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  statistics?: Resolver<Maybe<ReadonlyArray<ResolversTypes['BidStatistic']>>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BudgetResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Budget'] = ResolversParentTypes['Budget']> = {
  amount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  projectID?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BudgetLineResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BudgetLine'] = ResolversParentTypes['BudgetLine']> = {
  amount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  fundingSource?: Resolver<ResolversTypes['FundingSource'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourcePartyName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClassificationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Classification'] = ResolversParentTypes['Classification']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scheme?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ContractResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Contract'] = ResolversParentTypes['Contract']> = {
  amendments?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Amendment']>>, ParentType, ContextType>;
  awardID?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dateSigned?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  implementation?: Resolver<Maybe<ResolversTypes['Implementation']>, ParentType, ContextType>;
  items?: Resolver<ReadonlyArray<ResolversTypes['Item']>, ParentType, ContextType>;
  milestones?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Milestone']>>, ParentType, ContextType>;
  period?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  relatedProcesses?: Resolver<Maybe<ReadonlyArray<ResolversTypes['RelatedProcess']>>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ContractingProcessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContractingProcess'] = ResolversParentTypes['ContractingProcess']> = {
  awards?: Resolver<ReadonlyArray<ResolversTypes['Award']>, ParentType, ContextType>;
  bids?: Resolver<Maybe<ResolversTypes['Bids']>, ParentType, ContextType>;
  buyer?: Resolver<Maybe<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  coercions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  compiledByGateway?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  compiledRelease?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  contracts?: Resolver<ReadonlyArray<ResolversTypes['Contract']>, ParentType, ContextType>;
  dataNotes?: Resolver<ReadonlyArray<ResolversTypes['DataNote']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  gatewayCompiledRelease?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiationType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  language?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ocid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parties?: Resolver<ReadonlyArray<ResolversTypes['Party']>, ParentType, ContextType, Partial<ContractingProcessPartiesArgs>>;
  planning?: Resolver<Maybe<ResolversTypes['Planning']>, ParentType, ContextType>;
  projects?: Resolver<Maybe<ReadonlyArray<ResolversTypes['InvestmentProject']>>, ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['Provenance'], ParentType, ContextType>;
  relatedProcesses?: Resolver<Maybe<ReadonlyArray<ResolversTypes['RelatedProcess']>>, ParentType, ContextType>;
  releaseCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tag?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  tender?: Resolver<Maybe<ResolversTypes['Tender']>, ParentType, ContextType>;
  versionedRelease?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ContractingProcessConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContractingProcessConnection'] = ResolversParentTypes['ContractingProcessConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['ContractingProcessEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  valueTotals?: Resolver<ReadonlyArray<ResolversTypes['Money']>, ParentType, ContextType>;
};

export type ContractingProcessEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContractingProcessEdge'] = ResolversParentTypes['ContractingProcessEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ContractingProcess'], ParentType, ContextType>;
};

export type DataNoteResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DataNote'] = ResolversParentTypes['DataNote']> = {
  original?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  releaseId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['CoercionRule'], ParentType, ContextType>;
};

export type DataQualityResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DataQuality'] = ResolversParentTypes['DataQuality']> = {
  coercions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  examples?: Resolver<ReadonlyArray<ResolversTypes['QuarantinedRelease']>, ParentType, ContextType>;
  quarantined?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DocumentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document']> = {
  dateModified?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  datePublished?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documentType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  format?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  language?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedLots?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EitiFacetResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EitiFacet'] = ResolversParentTypes['EitiFacet']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  licences?: Resolver<Maybe<ReadonlyArray<ResolversTypes['MineralLicence']>>, ParentType, ContextType>;
  organisations?: Resolver<Maybe<ReadonlyArray<ResolversTypes['EitiOrganisation']>>, ParentType, ContextType>;
  payments?: Resolver<Maybe<ReadonlyArray<ResolversTypes['EitiPayment']>>, ParentType, ContextType, Partial<EitiFacetPaymentsArgs>>;
  reports?: Resolver<Maybe<ReadonlyArray<ResolversTypes['EitiReport']>>, ParentType, ContextType, Partial<EitiFacetReportsArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EitiOrganisationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EitiOrganisation'] = ResolversParentTypes['EitiOrganisation']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  identification?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  year?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EitiPaymentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EitiPayment'] = ResolversParentTypes['EitiPayment']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  gfsCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gfsLabel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  governmentEntity?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  organisationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paidInKind?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  stream?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EitiReportResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['EitiReport'] = ResolversParentTypes['EitiReport']> = {
  companyId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  companyName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  registerNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  year?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EnquiryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Enquiry'] = ResolversParentTypes['Enquiry']> = {
  answer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  dateAnswered?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedItem?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedLot?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  threadID?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type FreshnessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Freshness'] = ResolversParentTypes['Freshness']> = {
  ageSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cache?: Resolver<ResolversTypes['CacheStatus'], ParentType, ContextType>;
  fetchedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  harvest?: Resolver<Maybe<ResolversTypes['Harvest']>, ParentType, ContextType>;
  maxAgeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recording?: Resolver<Maybe<ResolversTypes['Recording']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['SourceName'], ParentType, ContextType>;
  sourceUpdatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleReason?: Resolver<Maybe<ResolversTypes['StaleReason']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type HarvestResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Harvest'] = ResolversParentTypes['Harvest']> = {
  complete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  confirmedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  datasetDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastErrorAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  pages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quarantined?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  records?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['HarvestState'], ParentType, ContextType>;
};

export type IdentifierResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Identifier'] = ResolversParentTypes['Identifier']> = {
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scheme?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ImplementationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Implementation'] = ResolversParentTypes['Implementation']> = {
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  milestones?: Resolver<ReadonlyArray<ResolversTypes['Milestone']>, ParentType, ContextType>;
  transactions?: Resolver<ReadonlyArray<ResolversTypes['Transaction']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InterestedPartyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InterestedParty'] = ResolversParentTypes['InterestedParty']> = {
  countries?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  identifiers?: Resolver<ReadonlyArray<ResolversTypes['Identifier']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['InterestedPartyKind'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  registerNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InvestmentProjectResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InvestmentProject'] = ResolversParentTypes['InvestmentProject']> = {
  budget?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  budgetLines?: Resolver<ReadonlyArray<ResolversTypes['BudgetLine']>, ParentType, ContextType, Partial<InvestmentProjectBudgetLinesArgs>>;
  budgetTotals?: Resolver<ReadonlyArray<ResolversTypes['Money']>, ParentType, ContextType, Partial<InvestmentProjectBudgetTotalsArgs>>;
  completionPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  contractingProcessOcids?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  contractingProcesses?: Resolver<ReadonlyArray<Maybe<ResolversTypes['ContractingProcess']>>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fictional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  implementationPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  locations?: Resolver<ReadonlyArray<ResolversTypes['ProjectLocation']>, ParentType, ContextType>;
  notice?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parties?: Resolver<ReadonlyArray<ResolversTypes['ProjectParty']>, ParentType, ContextType, Partial<InvestmentProjectPartiesArgs>>;
  period?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  projectId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sectors?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updated?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  withdrawnAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InvestmentProjectConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InvestmentProjectConnection'] = ResolversParentTypes['InvestmentProjectConnection']> = {
  budgetTotals?: Resolver<ReadonlyArray<ResolversTypes['Money']>, ParentType, ContextType>;
  edges?: Resolver<ReadonlyArray<ResolversTypes['InvestmentProjectEdge']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InvestmentProjectEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InvestmentProjectEdge'] = ResolversParentTypes['InvestmentProjectEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['InvestmentProject'], ParentType, ContextType>;
};

export type ItemResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = {
  additionalClassifications?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Classification']>>, ParentType, ContextType>;
  classification?: Resolver<Maybe<ResolversTypes['Classification']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  relatedLot?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unitName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unitValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LotResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Lot'] = ResolversParentTypes['Lot']> = {
  contractPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LotDetailsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LotDetails'] = ResolversParentTypes['LotDetails']> = {
  awardCriteriaDetails?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  maximumLotsAwardedPerSupplier?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  maximumLotsBidPerSupplier?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type LotGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LotGroup'] = ResolversParentTypes['LotGroup']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  maximumValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  optionToCombine?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  relatedLots?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MilestoneResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Milestone'] = ResolversParentTypes['Milestone']> = {
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dateMet?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  dateModified?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dueDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relatedLots?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MineralLicenceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MineralLicence'] = ResolversParentTypes['MineralLicence']> = {
  areaHectares?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  areaName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresOn?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  grantedOn?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  holderName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mineral?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mineralEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  normalisedNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registerNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  soum?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = {
  __resolveType: TypeResolveFn<'ContractingProcess' | 'InvestmentProject' | 'Organization', ParentType, ContextType>;
};

export type OrganizationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Organization'] = ResolversParentTypes['Organization']> = {
  eiti?: Resolver<Maybe<ResolversTypes['EitiFacet']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  identifier?: Resolver<ResolversTypes['Identifier'], ParentType, ContextType>;
  investmentProjects?: Resolver<Maybe<ReadonlyArray<ResolversTypes['InvestmentProject']>>, ParentType, ContextType, Partial<OrganizationInvestmentProjectsArgs>>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ownedEntities?: Resolver<Maybe<ReadonlyArray<ResolversTypes['OwnershipRelationship']>>, ParentType, ContextType>;
  owners?: Resolver<Maybe<ReadonlyArray<ResolversTypes['OwnershipRelationship']>>, ParentType, ContextType>;
  procurement?: Resolver<Maybe<ResolversTypes['ProcurementFacet']>, ParentType, ContextType>;
  registerNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registry?: Resolver<Maybe<ResolversTypes['RegistryRecord']>, ParentType, ContextType, RequireFields<OrganizationRegistryArgs, 'revalidate'>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrganizationConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OrganizationConnection'] = ResolversParentTypes['OrganizationConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['OrganizationEdge']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrganizationEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OrganizationEdge'] = ResolversParentTypes['OrganizationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  matchedVariant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Organization'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type OwnershipInterestResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OwnershipInterest'] = ResolversParentTypes['OwnershipInterest']> = {
  beneficialOwnershipOrControl?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  directOrIndirect?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  shareExact?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  shareMax?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  shareMin?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OwnershipRelationshipResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OwnershipRelationship'] = ResolversParentTypes['OwnershipRelationship']> = {
  closed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fictional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  interestedParty?: Resolver<ResolversTypes['InterestedParty'], ParentType, ContextType>;
  interests?: Resolver<ReadonlyArray<ResolversTypes['OwnershipInterest']>, ParentType, ContextType>;
  statementDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  statementId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  subjectName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subjectRegisterNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PartyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Party'] = ResolversParentTypes['Party']> = {
  additionalIdentifiers?: Resolver<ReadonlyArray<ResolversTypes['Identifier']>, ParentType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  classifications?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Classification']>>, ParentType, ContextType>;
  details?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  identifier?: Resolver<Maybe<ResolversTypes['Identifier']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  roles?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  scale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PartyReferenceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PartyReference'] = ResolversParentTypes['PartyReference']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  party?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PeriodResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Period'] = ResolversParentTypes['Period']> = {
  durationInDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  endDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  maxExtentDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PlanningResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Planning'] = ResolversParentTypes['Planning']> = {
  budget?: Resolver<Maybe<ResolversTypes['Budget']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  milestones?: Resolver<ReadonlyArray<ResolversTypes['Milestone']>, ParentType, ContextType>;
  rationale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ProcurementFacetResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ProcurementFacet'] = ResolversParentTypes['ProcurementFacet']> = {
  asBuyer?: Resolver<ResolversTypes['ContractingProcessConnection'], ParentType, ContextType, RequireFields<ProcurementFacetAsBuyerArgs, 'first'>>;
  asSupplier?: Resolver<ResolversTypes['ContractingProcessConnection'], ParentType, ContextType, RequireFields<ProcurementFacetAsSupplierArgs, 'first'>>;
  asTenderer?: Resolver<ResolversTypes['ContractingProcessConnection'], ParentType, ContextType, RequireFields<ProcurementFacetAsTendererArgs, 'first'>>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ProjectLocationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ProjectLocation'] = ResolversParentTypes['ProjectLocation']> = {
  aimag?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  soum?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ProjectPartyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ProjectParty'] = ResolversParentTypes['ProjectParty']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  registerNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roles?: Resolver<ReadonlyArray<ResolversTypes['ProjectRole']>, ParentType, ContextType>;
  rolesRaw?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ProvenanceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Provenance'] = ResolversParentTypes['Provenance']> = {
  fictional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  license?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notice?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  packageUri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  publishedDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  publisher?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QuarantineReasonResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['QuarantineReason'] = ResolversParentTypes['QuarantineReason']> = {
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QuarantinedReleaseResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['QuarantinedRelease'] = ResolversParentTypes['QuarantinedRelease']> = {
  ocid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reasons?: Resolver<ReadonlyArray<ResolversTypes['QuarantineReason']>, ParentType, ContextType>;
  releaseId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  contractingProcess?: Resolver<Maybe<ResolversTypes['ContractingProcess']>, ParentType, ContextType, RequireFields<QueryContractingProcessArgs, 'ocid'>>;
  contractingProcesses?: Resolver<Maybe<ResolversTypes['ContractingProcessConnection']>, ParentType, ContextType, RequireFields<QueryContractingProcessesArgs, 'feed' | 'first'>>;
  investmentProject?: Resolver<Maybe<ResolversTypes['InvestmentProject']>, ParentType, ContextType, RequireFields<QueryInvestmentProjectArgs, 'id'>>;
  investmentProjects?: Resolver<Maybe<ResolversTypes['InvestmentProjectConnection']>, ParentType, ContextType, RequireFields<QueryInvestmentProjectsArgs, 'first'>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType, RequireFields<QueryOrganizationArgs, 'registerNumber'>>;
  organizations?: Resolver<Maybe<ResolversTypes['OrganizationConnection']>, ParentType, ContextType, RequireFields<QueryOrganizationsArgs, 'first' | 'search'>>;
  sources?: Resolver<ReadonlyArray<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
};

export type RecordingResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Recording'] = ResolversParentTypes['Recording']> = {
  fictional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  takenAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type RegistryRecordResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RegistryRecord'] = ResolversParentTypes['RegistryRecord']> = {
  fictional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  legalForm?: Resolver<ResolversTypes['LegalForm'], ParentType, ContextType>;
  legalFormRaw?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registerNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredOn?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  withdrawnAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RelatedProcessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RelatedProcess'] = ResolversParentTypes['RelatedProcess']> = {
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  identifier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relationship?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  scheme?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SharedCacheResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SharedCache'] = ResolversParentTypes['SharedCache']> = {
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  since?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['SharedCacheState'], ParentType, ContextType>;
};

export type SourceStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SourceStatus'] = ResolversParentTypes['SourceStatus']> = {
  dataQuality?: Resolver<Maybe<ResolversTypes['DataQuality']>, ParentType, ContextType>;
  datasetDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  embedded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  harvest?: Resolver<Maybe<ResolversTypes['Harvest']>, ParentType, ContextType>;
  host?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastErrorAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastErrorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastSuccessAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  maxAgeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['SourceName'], ParentType, ContextType>;
  sharedCache?: Resolver<ResolversTypes['SharedCache'], ParentType, ContextType>;
};

export type SourcedResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Sourced'] = ResolversParentTypes['Sourced']> = {
  __resolveType: TypeResolveFn<'Amendment' | 'Award' | 'Bid' | 'BidStatistic' | 'Bids' | 'Budget' | 'BudgetLine' | 'Contract' | 'ContractingProcess' | 'Document' | 'EitiFacet' | 'EitiOrganisation' | 'EitiPayment' | 'EitiReport' | 'Enquiry' | 'Implementation' | 'InterestedParty' | 'InvestmentProject' | 'InvestmentProjectConnection' | 'Item' | 'Lot' | 'LotGroup' | 'Milestone' | 'MineralLicence' | 'OrganizationConnection' | 'OwnershipInterest' | 'OwnershipRelationship' | 'Party' | 'PartyReference' | 'Period' | 'Planning' | 'ProcurementFacet' | 'ProjectParty' | 'Provenance' | 'RegistryRecord' | 'RelatedProcess' | 'Tender' | 'Transaction', ParentType, ContextType>;
};

export type TenderResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Tender'] = ResolversParentTypes['Tender']> = {
  additionalProcurementCategories?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  amendments?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Amendment']>>, ParentType, ContextType>;
  awardCriteria?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  awardPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  contractPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  enquiries?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Enquiry']>>, ParentType, ContextType>;
  enquiryPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  hasEnquiries?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  items?: Resolver<ReadonlyArray<ResolversTypes['Item']>, ParentType, ContextType>;
  lotDetails?: Resolver<Maybe<ResolversTypes['LotDetails']>, ParentType, ContextType>;
  lotGroups?: Resolver<Maybe<ReadonlyArray<ResolversTypes['LotGroup']>>, ParentType, ContextType>;
  lots?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Lot']>>, ParentType, ContextType>;
  mainProcurementCategory?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  milestones?: Resolver<ReadonlyArray<ResolversTypes['Milestone']>, ParentType, ContextType>;
  minValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  numberOfTenderers?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  procurementMethod?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  procurementMethodDetails?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  procurementMethodRationale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  procuringEntity?: Resolver<Maybe<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  submissionMethod?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  tenderPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  tenderers?: Resolver<ReadonlyArray<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type TransactionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Transaction'] = ResolversParentTypes['Transaction']> = {
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payee?: Resolver<Maybe<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  payer?: Resolver<Maybe<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  Address?: AddressResolvers<ContextType>;
  Amendment?: AmendmentResolvers<ContextType>;
  AmendmentChange?: AmendmentChangeResolvers<ContextType>;
  Award?: AwardResolvers<ContextType>;
  Bid?: BidResolvers<ContextType>;
  BidStatistic?: BidStatisticResolvers<ContextType>;
  Bids?: BidsResolvers<ContextType>;
  Budget?: BudgetResolvers<ContextType>;
  BudgetLine?: BudgetLineResolvers<ContextType>;
  Classification?: ClassificationResolvers<ContextType>;
  Contract?: ContractResolvers<ContextType>;
  ContractingProcess?: ContractingProcessResolvers<ContextType>;
  ContractingProcessConnection?: ContractingProcessConnectionResolvers<ContextType>;
  ContractingProcessEdge?: ContractingProcessEdgeResolvers<ContextType>;
  DataNote?: DataNoteResolvers<ContextType>;
  DataQuality?: DataQualityResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  EitiFacet?: EitiFacetResolvers<ContextType>;
  EitiOrganisation?: EitiOrganisationResolvers<ContextType>;
  EitiPayment?: EitiPaymentResolvers<ContextType>;
  EitiReport?: EitiReportResolvers<ContextType>;
  Enquiry?: EnquiryResolvers<ContextType>;
  Freshness?: FreshnessResolvers<ContextType>;
  Harvest?: HarvestResolvers<ContextType>;
  Identifier?: IdentifierResolvers<ContextType>;
  Implementation?: ImplementationResolvers<ContextType>;
  InterestedParty?: InterestedPartyResolvers<ContextType>;
  InvestmentProject?: InvestmentProjectResolvers<ContextType>;
  InvestmentProjectConnection?: InvestmentProjectConnectionResolvers<ContextType>;
  InvestmentProjectEdge?: InvestmentProjectEdgeResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Lot?: LotResolvers<ContextType>;
  LotDetails?: LotDetailsResolvers<ContextType>;
  LotGroup?: LotGroupResolvers<ContextType>;
  Milestone?: MilestoneResolvers<ContextType>;
  MineralLicence?: MineralLicenceResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  Organization?: OrganizationResolvers<ContextType>;
  OrganizationConnection?: OrganizationConnectionResolvers<ContextType>;
  OrganizationEdge?: OrganizationEdgeResolvers<ContextType>;
  OwnershipInterest?: OwnershipInterestResolvers<ContextType>;
  OwnershipRelationship?: OwnershipRelationshipResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Party?: PartyResolvers<ContextType>;
  PartyReference?: PartyReferenceResolvers<ContextType>;
  Period?: PeriodResolvers<ContextType>;
  Planning?: PlanningResolvers<ContextType>;
  ProcurementFacet?: ProcurementFacetResolvers<ContextType>;
  ProjectLocation?: ProjectLocationResolvers<ContextType>;
  ProjectParty?: ProjectPartyResolvers<ContextType>;
  Provenance?: ProvenanceResolvers<ContextType>;
  QuarantineReason?: QuarantineReasonResolvers<ContextType>;
  QuarantinedRelease?: QuarantinedReleaseResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Recording?: RecordingResolvers<ContextType>;
  RegistryRecord?: RegistryRecordResolvers<ContextType>;
  RelatedProcess?: RelatedProcessResolvers<ContextType>;
  SharedCache?: SharedCacheResolvers<ContextType>;
  SourceStatus?: SourceStatusResolvers<ContextType>;
  Sourced?: SourcedResolvers<ContextType>;
  Tender?: TenderResolvers<ContextType>;
  Transaction?: TransactionResolvers<ContextType>;
};

