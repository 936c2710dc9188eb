import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ContractingProcess as ContractingProcessModel, Party as PartyModel, PartyRef as PartyRefModel, Identifier as IdentifierModel, Address as AddressModel, Classification as ClassificationModel, Item as ItemModel, Document as DocumentModel, Milestone as MilestoneModel, Budget as BudgetModel, Planning as PlanningModel, Tender as TenderModel, Award as AwardModel, Transaction as TransactionModel, Implementation as ImplementationModel, Contract as ContractModel, Provenance as ProvenanceModel, Period as PeriodModel, Money as MoneyModel } from '../../src/domain/procurement.js';
import type { Freshness as FreshnessModel } from '../../src/domain/freshness.js';
import type { SourceStatusView as SourceStatusViewModel, ContractingProcessConnectionView as ContractingProcessConnectionViewModel, ContractingProcessEdgeView as ContractingProcessEdgeViewModel, GatewayContext } from '../../src/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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
};

export type Address = {
  readonly __typename?: 'Address';
  readonly countryName: Maybe<Scalars['String']['output']>;
  readonly locality: Maybe<Scalars['String']['output']>;
  readonly postalCode: Maybe<Scalars['String']['output']>;
  readonly region: Maybe<Scalars['String']['output']>;
  readonly streetAddress: Maybe<Scalars['String']['output']>;
};

/** An award decision. */
export type Award = Sourced & {
  readonly __typename?: 'Award';
  readonly contractPeriod: Maybe<Period>;
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: ReadonlyArray<Document>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly items: ReadonlyArray<Item>;
  /** OCDS awardStatus code: pending, active, cancelled, unsuccessful. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly suppliers: ReadonlyArray<PartyReference>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
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

/** A signed contract. */
export type Contract = Sourced & {
  readonly __typename?: 'Contract';
  readonly awardID: Maybe<Scalars['String']['output']>;
  readonly dateSigned: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: ReadonlyArray<Document>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly implementation: Maybe<Implementation>;
  readonly items: ReadonlyArray<Item>;
  readonly period: Maybe<Period>;
  /** OCDS contractStatus code: pending, active, cancelled, terminated. */
  readonly status: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly value: Maybe<Money>;
};

/**
 * One contracting process: the compiled state of every OCDS release that shares an `ocid`, with planning,
 * tender, awards, contracts and their implementation.
 */
export type ContractingProcess = Node & Sourced & {
  readonly __typename?: 'ContractingProcess';
  readonly awards: ReadonlyArray<Award>;
  readonly buyer: Maybe<PartyReference>;
  /** True when the gateway compiled the releases itself with the OCDS merge rules. */
  readonly compiledByGateway: Scalars['Boolean']['output'];
  readonly contracts: ReadonlyArray<Contract>;
  /** Date of the latest release compiled into this state. */
  readonly date: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  readonly id: Scalars['ID']['output'];
  readonly initiationType: Maybe<Scalars['String']['output']>;
  readonly language: Maybe<Scalars['String']['output']>;
  /** Open Contracting ID, e.g. `ocds-213czf-000-00001`. */
  readonly ocid: Scalars['String']['output'];
  readonly parties: ReadonlyArray<Party>;
  readonly planning: Maybe<Planning>;
  readonly provenance: Provenance;
  /** How many releases were compiled into this state. */
  readonly releaseCount: Scalars['Int']['output'];
  readonly tag: ReadonlyArray<Scalars['String']['output']>;
  readonly tender: Maybe<Tender>;
};


/**
 * One contracting process: the compiled state of every OCDS release that shares an `ocid`, with planning,
 * tender, awards, contracts and their implementation.
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
  readonly title: Maybe<Scalars['String']['output']>;
  readonly url: Maybe<Scalars['String']['output']>;
};

/** Where a value came from and how old it is. A scalar field's freshness is its object's. */
export type Freshness = {
  readonly __typename?: 'Freshness';
  /** Age in seconds at the time of this response. */
  readonly ageSeconds: Scalars['Int']['output'];
  readonly cache: CacheStatus;
  /** When the gateway received (or revalidated) the value. */
  readonly fetchedAt: Scalars['DateTime']['output'];
  /** The source's freshness policy: values older than this are stale. */
  readonly maxAgeSeconds: Scalars['Int']['output'];
  readonly source: SourceName;
  /** When the upstream says the value last changed. */
  readonly sourceUpdatedAt: Maybe<Scalars['DateTime']['output']>;
  /** True when the value is older than `maxAgeSeconds` or was served as a fallback. */
  readonly stale: Scalars['Boolean']['output'];
  /** Null when fresh. */
  readonly staleReason: Maybe<StaleReason>;
  /** The upstream resource the value came from. */
  readonly url: Maybe<Scalars['String']['output']>;
};

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

/** A good, work or service to be procured. */
export type Item = Sourced & {
  readonly __typename?: 'Item';
  readonly classification: Maybe<Classification>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly quantity: Maybe<Scalars['Float']['output']>;
  readonly unitName: Maybe<Scalars['String']['output']>;
  readonly unitValue: Maybe<Money>;
};

export type Milestone = Sourced & {
  readonly __typename?: 'Milestone';
  readonly dateMet: Maybe<Scalars['DateTime']['output']>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly dueDate: Maybe<Scalars['DateTime']['output']>;
  readonly freshness: Freshness;
  readonly id: Scalars['String']['output'];
  readonly status: Maybe<Scalars['String']['output']>;
  readonly title: Maybe<Scalars['String']['output']>;
  readonly type: Maybe<Scalars['String']['output']>;
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
  readonly freshness: Freshness;
  /** The party's id within the process. */
  readonly id: Scalars['String']['output'];
  readonly identifier: Maybe<Identifier>;
  readonly name: Maybe<Scalars['String']['output']>;
  /** OCDS partyRole codes, e.g. buyer, procuringEntity, tenderer, supplier, payer, payee. */
  readonly roles: ReadonlyArray<Scalars['String']['output']>;
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
};

export type Query = {
  readonly __typename?: 'Query';
  /** One contracting process by its ocid. */
  readonly contractingProcess: Maybe<ContractingProcess>;
  /** Contracting processes matching `filter`, newest first. `first` is 1 to 100 (default 20). */
  readonly contractingProcesses: Maybe<ContractingProcessConnection>;
  /** Fetches any object by its global identifier. */
  readonly node: Maybe<Node>;
  /** Health of every upstream. */
  readonly sources: ReadonlyArray<SourceStatus>;
};


export type QueryContractingProcessArgs = {
  ocid: Scalars['String']['input'];
};


export type QueryContractingProcessesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ContractingProcessFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};

/** The upstream families the gateway reads. */
export type SourceName =
  /** The EITI international data (eiti.org API). */
  | 'EITI'
  /** EITI Mongolia's e-reporting portal (reporting companies, mineral licences). */
  | 'EITI_MONGOLIA'
  /** Public procurement (OCDS). */
  | 'PROCUREMENT'
  /** The legal-entity registry (state registration of legal entities). */
  | 'REGISTRY';

/** Health of one upstream, as the gateway has seen it. */
export type SourceStatus = {
  readonly __typename?: 'SourceStatus';
  /** The newest date the upstream has reported for its data. */
  readonly datasetDate: Maybe<Scalars['DateTime']['output']>;
  /** True when the gateway serves this source from its embedded replay server. */
  readonly embedded: Scalars['Boolean']['output'];
  /** Host of the upstream base URL (the embedded replay server when no URL is configured). */
  readonly host: Scalars['String']['output'];
  readonly lastErrorAt: Maybe<Scalars['DateTime']['output']>;
  /** Error code of the last failure. */
  readonly lastErrorCode: Maybe<Scalars['String']['output']>;
  readonly lastSuccessAt: Maybe<Scalars['DateTime']['output']>;
  /** The source's freshness policy in seconds. */
  readonly maxAgeSeconds: Scalars['Int']['output'];
  readonly name: SourceName;
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
  readonly awardCriteria: Maybe<Scalars['String']['output']>;
  readonly awardPeriod: Maybe<Period>;
  readonly contractPeriod: Maybe<Period>;
  readonly description: Maybe<Scalars['String']['output']>;
  readonly documents: ReadonlyArray<Document>;
  readonly enquiryPeriod: Maybe<Period>;
  readonly freshness: Freshness;
  readonly id: Maybe<Scalars['String']['output']>;
  readonly items: ReadonlyArray<Item>;
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

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

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
  Node: ( ContractingProcessModel );
  Sourced:
    | ( AwardModel )
    | ( BudgetModel )
    | ( ContractModel )
    | ( ContractingProcessModel )
    | ( DocumentModel )
    | ( ImplementationModel )
    | ( ItemModel )
    | ( MilestoneModel )
    | ( PartyModel )
    | ( PartyRefModel )
    | ( PeriodModel )
    | ( PlanningModel )
    | ( ProvenanceModel )
    | ( TenderModel )
    | ( TransactionModel )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Address: ResolverTypeWrapper<AddressModel>;
  Award: ResolverTypeWrapper<AwardModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Budget: ResolverTypeWrapper<BudgetModel>;
  CacheStatus: CacheStatus;
  Classification: ResolverTypeWrapper<ClassificationModel>;
  Contract: ResolverTypeWrapper<ContractModel>;
  ContractingProcess: ResolverTypeWrapper<ContractingProcessModel>;
  ContractingProcessConnection: ResolverTypeWrapper<ContractingProcessConnectionViewModel>;
  ContractingProcessEdge: ResolverTypeWrapper<ContractingProcessEdgeViewModel>;
  ContractingProcessFilter: ContractingProcessFilter;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<DocumentModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Freshness: ResolverTypeWrapper<FreshnessModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Identifier: ResolverTypeWrapper<IdentifierModel>;
  Implementation: ResolverTypeWrapper<ImplementationModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Item: ResolverTypeWrapper<ItemModel>;
  Milestone: ResolverTypeWrapper<MilestoneModel>;
  Money: ResolverTypeWrapper<MoneyModel>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Party: ResolverTypeWrapper<PartyModel>;
  PartyReference: ResolverTypeWrapper<PartyRefModel>;
  Period: ResolverTypeWrapper<PeriodModel>;
  Planning: ResolverTypeWrapper<PlanningModel>;
  Provenance: ResolverTypeWrapper<ProvenanceModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
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
  Award: AwardModel;
  Boolean: Scalars['Boolean']['output'];
  Budget: BudgetModel;
  Classification: ClassificationModel;
  Contract: ContractModel;
  ContractingProcess: ContractingProcessModel;
  ContractingProcessConnection: ContractingProcessConnectionViewModel;
  ContractingProcessEdge: ContractingProcessEdgeViewModel;
  ContractingProcessFilter: ContractingProcessFilter;
  DateTime: Scalars['DateTime']['output'];
  Document: DocumentModel;
  Float: Scalars['Float']['output'];
  Freshness: FreshnessModel;
  ID: Scalars['ID']['output'];
  Identifier: IdentifierModel;
  Implementation: ImplementationModel;
  Int: Scalars['Int']['output'];
  Item: ItemModel;
  Milestone: MilestoneModel;
  Money: MoneyModel;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  Party: PartyModel;
  PartyReference: PartyRefModel;
  Period: PeriodModel;
  Planning: PlanningModel;
  Provenance: ProvenanceModel;
  Query: Record<PropertyKey, never>;
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

export type AwardResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Award'] = ResolversParentTypes['Award']> = {
  contractPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  items?: Resolver<ReadonlyArray<ResolversTypes['Item']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  suppliers?: Resolver<ReadonlyArray<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
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

export type ClassificationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Classification'] = ResolversParentTypes['Classification']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scheme?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ContractResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Contract'] = ResolversParentTypes['Contract']> = {
  awardID?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dateSigned?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  implementation?: Resolver<Maybe<ResolversTypes['Implementation']>, ParentType, ContextType>;
  items?: Resolver<ReadonlyArray<ResolversTypes['Item']>, ParentType, ContextType>;
  period?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ContractingProcessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContractingProcess'] = ResolversParentTypes['ContractingProcess']> = {
  awards?: Resolver<ReadonlyArray<ResolversTypes['Award']>, ParentType, ContextType>;
  buyer?: Resolver<Maybe<ResolversTypes['PartyReference']>, ParentType, ContextType>;
  compiledByGateway?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  contracts?: Resolver<ReadonlyArray<ResolversTypes['Contract']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiationType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  language?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ocid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parties?: Resolver<ReadonlyArray<ResolversTypes['Party']>, ParentType, ContextType, Partial<ContractingProcessPartiesArgs>>;
  planning?: Resolver<Maybe<ResolversTypes['Planning']>, ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['Provenance'], ParentType, ContextType>;
  releaseCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tag?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  tender?: Resolver<Maybe<ResolversTypes['Tender']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ContractingProcessConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContractingProcessConnection'] = ResolversParentTypes['ContractingProcessConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['ContractingProcessEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ContractingProcessEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContractingProcessEdge'] = ResolversParentTypes['ContractingProcessEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ContractingProcess'], ParentType, ContextType>;
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
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type FreshnessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Freshness'] = ResolversParentTypes['Freshness']> = {
  ageSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cache?: Resolver<ResolversTypes['CacheStatus'], ParentType, ContextType>;
  fetchedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  maxAgeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['SourceName'], ParentType, ContextType>;
  sourceUpdatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleReason?: Resolver<Maybe<ResolversTypes['StaleReason']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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

export type ItemResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = {
  classification?: Resolver<Maybe<ResolversTypes['Classification']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  unitName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unitValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MilestoneResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Milestone'] = ResolversParentTypes['Milestone']> = {
  dateMet?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dueDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = {
  __resolveType: TypeResolveFn<'ContractingProcess', ParentType, ContextType>;
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
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  identifier?: Resolver<Maybe<ResolversTypes['Identifier']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roles?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
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

export type ProvenanceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Provenance'] = ResolversParentTypes['Provenance']> = {
  fictional?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  license?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notice?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  packageUri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  publishedDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  publisher?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  contractingProcess?: Resolver<Maybe<ResolversTypes['ContractingProcess']>, ParentType, ContextType, RequireFields<QueryContractingProcessArgs, 'ocid'>>;
  contractingProcesses?: Resolver<Maybe<ResolversTypes['ContractingProcessConnection']>, ParentType, ContextType, RequireFields<QueryContractingProcessesArgs, 'first'>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  sources?: Resolver<ReadonlyArray<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
};

export type SourceStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SourceStatus'] = ResolversParentTypes['SourceStatus']> = {
  datasetDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  embedded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  host?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastErrorAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastErrorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastSuccessAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  maxAgeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['SourceName'], ParentType, ContextType>;
};

export type SourcedResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Sourced'] = ResolversParentTypes['Sourced']> = {
  __resolveType: TypeResolveFn<'Award' | 'Budget' | 'Contract' | 'ContractingProcess' | 'Document' | 'Implementation' | 'Item' | 'Milestone' | 'Party' | 'PartyReference' | 'Period' | 'Planning' | 'Provenance' | 'Tender' | 'Transaction', ParentType, ContextType>;
};

export type TenderResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Tender'] = ResolversParentTypes['Tender']> = {
  additionalProcurementCategories?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  awardCriteria?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  awardPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  contractPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documents?: Resolver<ReadonlyArray<ResolversTypes['Document']>, ParentType, ContextType>;
  enquiryPeriod?: Resolver<Maybe<ResolversTypes['Period']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['Freshness'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  items?: Resolver<ReadonlyArray<ResolversTypes['Item']>, ParentType, ContextType>;
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
  Award?: AwardResolvers<ContextType>;
  Budget?: BudgetResolvers<ContextType>;
  Classification?: ClassificationResolvers<ContextType>;
  Contract?: ContractResolvers<ContextType>;
  ContractingProcess?: ContractingProcessResolvers<ContextType>;
  ContractingProcessConnection?: ContractingProcessConnectionResolvers<ContextType>;
  ContractingProcessEdge?: ContractingProcessEdgeResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  Freshness?: FreshnessResolvers<ContextType>;
  Identifier?: IdentifierResolvers<ContextType>;
  Implementation?: ImplementationResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  Milestone?: MilestoneResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Party?: PartyResolvers<ContextType>;
  PartyReference?: PartyReferenceResolvers<ContextType>;
  Period?: PeriodResolvers<ContextType>;
  Planning?: PlanningResolvers<ContextType>;
  Provenance?: ProvenanceResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SourceStatus?: SourceStatusResolvers<ContextType>;
  Sourced?: SourcedResolvers<ContextType>;
  Tender?: TenderResolvers<ContextType>;
  Transaction?: TransactionResolvers<ContextType>;
};

