/**
 * Maps a compiled OCDS release onto the domain's `ContractingProcess`. Pure: no I/O, no clock.
 * `null` and missing fields become `null` (or `[]` for lists); code-list values are kept as published.
 * What OCDS extensions and later OCDS fields add (lots, bids, enquiries, amendments, ...) is read by
 * `map-extensions.ts`; what is never passed on about persons is `personal.ts`'s.
 */
import type {
  Address,
  Award,
  Budget,
  Classification,
  Contract,
  ContractingProcess,
  DataNote,
  Document,
  Identifier,
  Implementation,
  Item,
  Milestone,
  Party,
  PartyRef,
  Period,
  Planning,
  Tender,
  Transaction,
} from '../../domain/procurement.js';
import {
  amendments,
  bids,
  boolean,
  code,
  codes,
  enquiry,
  isoDate,
  lot,
  lotDetails,
  lotGroup,
  milestoneOf,
  moneyOf,
  objectsOf,
  partyDetails,
  relatedProcess,
  string,
  withheld,
  type PartyIndex,
} from './map-extensions.js';
import type { CompiledRelease } from './payload.js';
import { PERSONAL_REGISTER_NUMBER, withoutPersonalData } from './personal.js';

export { withoutPersonalData } from './personal.js';

/** What the package around a compiled release says, and how the release was obtained. */
export interface PublicationMeta {
  /** How many releases were compiled (1 when the upstream gave only a compiled release). */
  readonly releaseCount: number;
  /** True when the gateway compiled the releases itself. */
  readonly compiledByGateway: boolean;
  readonly publisher: string | null;
  readonly license: string | null;
  readonly packageUri: string | null;
  readonly publishedDate: string | null;
  /** The `x_fictional` notice of the data, from `fictionalNotice`; null for real data. */
  readonly fictionalNotice: string | null;
  /** The OCDS version the package declared (`version`; null: none, read as 1.0); kept in provenance. */
  readonly version?: string | null;
  /** Values read differently from how they were published (tolerate.ts); none when not given. */
  readonly dataNotes?: readonly DataNote[];
  readonly coercions?: number;
}

type Nullish<T> = T | null | undefined;
type Of<T> = NonNullable<T>;
type ElementOf<T> = Of<T> extends readonly (infer E)[] ? E : never;

type Tenders = Of<CompiledRelease['tender']>;
type Awards = ElementOf<CompiledRelease['awards']>;
type Contracts = ElementOf<CompiledRelease['contracts']>;
type Parties = ElementOf<CompiledRelease['parties']>;
type Plannings = Of<CompiledRelease['planning']>;
type Implementations = Of<Contracts['implementation']>;
type Transactions = ElementOf<Implementations['transactions']>;
type Items = ElementOf<Tenders['items']>;
type Documents = ElementOf<Tenders['documents']>;
type Milestones = ElementOf<Tenders['milestones']>;
type Periods = Of<Tenders['tenderPeriod']>;
type OrganizationReferences = Of<Tenders['procuringEntity']>;
type Identifiers = Of<Parties['identifier']>;
type Classifications = Of<Items['classification']>;
type Addresses = Of<Parties['address']>;
type Budgets = Of<Plannings['budget']>;

const text = (value: Nullish<string>): string | null => value ?? null;
const localId = (value: Nullish<string | number>): string | null => (value == null ? null : String(value));
const list = <T>(value: Nullish<readonly T[]>): readonly T[] => value ?? [];
const nullable =
  <T, R>(map: (value: T) => R) =>
  (value: Nullish<T>): R | null =>
    value == null ? null : map(value);

/** Money only when both a finite amount and a currency are given: an amount without currency means nothing. */
const money = moneyOf;

const period = nullable((value: Periods): Period => ({
  startDate: text(value.startDate),
  endDate: text(value.endDate),
  maxExtentDate: text(value.maxExtentDate),
  durationInDays: value.durationInDays ?? null,
}));

function partyRef(value: Nullish<OrganizationReferences>, parties: PartyIndex): PartyRef | null {
  if (value == null) return null;
  const raw = localId(value.id);
  // A person's register number used as the party id is withheld (its party is not listed either).
  const id = raw !== null && PERSONAL_REGISTER_NUMBER.test(raw.trim()) ? null : raw;
  return { id, name: text(value.name), party: id === null ? null : (parties.get(id) ?? null) };
}

function partyRefs(
  values: Nullish<readonly OrganizationReferences[]>,
  parties: PartyIndex,
): readonly PartyRef[] {
  return list(values)
    .map((value) => partyRef(value, parties))
    .filter((ref) => ref !== null);
}

const identifier = nullable((value: Identifiers): Identifier | null => {
  const id = localId(value.id);
  if (id !== null && PERSONAL_REGISTER_NUMBER.test(id.trim())) return null;
  return { scheme: text(value.scheme), id, legalName: text(value.legalName), uri: text(value.uri) };
});

const address = nullable((value: Addresses): Address => ({
  streetAddress: text(value.streetAddress),
  locality: text(value.locality),
  region: text(value.region),
  postalCode: text(value.postalCode),
  countryName: text(value.countryName),
}));

const classification = nullable((value: Classifications): Classification => ({
  scheme: text(value.scheme),
  id: localId(value.id),
  description: text(value.description),
  uri: text(value.uri),
}));

/**
 * `contactPoint` is deliberately not mapped: it can name private persons. `details` is given whole, without
 * what names persons (`withoutPersonalData`: a sole trader's details may), with its common extension fields
 * typed beside it.
 */
function party(value: Parties): Party | null {
  const id = localId(value.id);
  // A party without an id cannot be referenced from buyer, suppliers or payers; the domain requires one.
  // One whose id is a person's register number is withheld, as from `compiledRelease`.
  if (id === null || PERSONAL_REGISTER_NUMBER.test(id.trim())) return null;
  return {
    id,
    name: text(value.name),
    identifier: identifier(value.identifier),
    additionalIdentifiers: list(value.additionalIdentifiers)
      .map((entry) => identifier(entry))
      .filter((entry) => entry !== null),
    roles: list(value.roles),
    address: address(value.address),
    ...partyDetails(value.details),
  };
}

function item(value: Items): Item {
  return {
    id: String(value.id),
    description: text(value.description),
    classification: classification(value.classification),
    quantity: value.quantity ?? null,
    unitName: text(value.unit?.name),
    unitValue: money(value.unit?.value),
    additionalClassifications: list(value.additionalClassifications)
      .map((entry) => classification(entry))
      .filter((entry) => entry !== null),
    relatedLot: code(value.relatedLot),
  };
}

function document(value: Documents): Document {
  return {
    id: String(value.id),
    documentType: text(value.documentType),
    title: text(value.title),
    description: text(value.description),
    url: text(value.url),
    datePublished: text(value.datePublished),
    dateModified: text(value.dateModified),
    format: text(value.format),
    language: text(value.language),
    relatedLots: codes(value.relatedLots),
  };
}

function milestone(value: Milestones): Milestone {
  return {
    id: localId(value.id),
    title: text(value.title),
    type: text(value.type),
    description: text(value.description),
    dueDate: text(value.dueDate),
    dateMet: text(value.dateMet),
    status: text(value.status),
    code: string(value.code),
    dateModified: isoDate(value.dateModified),
    relatedLots: codes(value.relatedLots),
  };
}

const budget = nullable((value: Budgets): Budget => ({
  id: localId(value.id),
  description: text(value.description),
  amount: money(value.amount),
  project: text(value.project),
  projectID: localId(value.projectID),
}));

const planning = nullable((value: Plannings): Planning => ({
  rationale: text(value.rationale),
  budget: budget(value.budget),
  documents: list(value.documents).map(document),
  milestones: list(value.milestones).map(milestone),
}));

function tender(value: Nullish<Tenders>, parties: PartyIndex): Tender | null {
  if (value == null) return null;
  return {
    id: localId(value.id),
    title: text(value.title),
    description: text(value.description),
    status: text(value.status),
    procuringEntity: partyRef(value.procuringEntity, parties),
    items: list(value.items).map(item),
    value: money(value.value),
    minValue: money(value.minValue),
    procurementMethod: text(value.procurementMethod),
    procurementMethodDetails: text(value.procurementMethodDetails),
    procurementMethodRationale: text(value.procurementMethodRationale),
    mainProcurementCategory: text(value.mainProcurementCategory),
    additionalProcurementCategories: list(value.additionalProcurementCategories),
    awardCriteria: text(value.awardCriteria),
    submissionMethod: list(value.submissionMethod),
    tenderPeriod: period(value.tenderPeriod),
    enquiryPeriod: period(value.enquiryPeriod),
    awardPeriod: period(value.awardPeriod),
    contractPeriod: period(value.contractPeriod),
    numberOfTenderers: value.numberOfTenderers ?? null,
    tenderers: partyRefs(value.tenderers, parties),
    documents: list(value.documents).map(document),
    milestones: list(value.milestones).map(milestone),
    hasEnquiries: boolean(value.hasEnquiries),
    // Enquirers that are persons (an `id` that is a personal register number) are withheld.
    enquiries: objectsOf(withheld(value.enquiries), (entry) => enquiry(entry, parties)),
    lots: objectsOf(value.lots, lot),
    lotGroups: objectsOf(value.lotGroups, lotGroup),
    lotDetails: lotDetails(value.lotDetails),
    amendments: amendments(value),
  };
}

function award(value: Awards, parties: PartyIndex): Award {
  return {
    id: String(value.id),
    title: text(value.title),
    description: text(value.description),
    status: text(value.status),
    date: text(value.date),
    value: money(value.value),
    suppliers: partyRefs(value.suppliers, parties),
    items: list(value.items).map(item),
    contractPeriod: period(value.contractPeriod),
    documents: list(value.documents).map(document),
    relatedLots: codes(value.relatedLots),
    relatedBid: code(value.relatedBid),
    amendments: amendments(value),
  };
}

function transaction(value: Transactions, parties: PartyIndex): Transaction {
  return {
    id: String(value.id),
    source: text(value.source),
    date: text(value.date),
    // `amount` is the OCDS 1.0 name of `value`, deprecated in 1.1 but still published.
    value: money(value.value) ?? money(value.amount),
    payer: partyRef(value.payer, parties),
    payee: partyRef(value.payee, parties),
    uri: text(value.uri),
  };
}

function implementation(value: Nullish<Implementations>, parties: PartyIndex): Implementation | null {
  if (value == null) return null;
  return {
    transactions: list(value.transactions).map((entry) => transaction(entry, parties)),
    milestones: list(value.milestones).map(milestone),
    documents: list(value.documents).map(document),
  };
}

function contract(value: Contracts, parties: PartyIndex): Contract {
  return {
    id: String(value.id),
    awardID: localId(value.awardID),
    title: text(value.title),
    description: text(value.description),
    status: text(value.status),
    period: period(value.period),
    value: money(value.value),
    items: list(value.items).map(item),
    dateSigned: text(value.dateSigned),
    documents: list(value.documents).map(document),
    implementation: implementation(value.implementation, parties),
    milestones: objectsOf(value.milestones, milestoneOf),
    amendments: amendments(value),
    relatedProcesses: objectsOf(value.relatedProcesses, relatedProcess),
  };
}

/**
 * The `x_fictional` notice carried by the first of `releases` that has one (pass the compiled release
 * first), or null when none is marked fictional. The replay server and the scenario generator mark
 * every fictional release this way.
 */
export function fictionalNotice(
  releases: Iterable<Nullish<{ readonly x_fictional?: unknown }>>,
): string | null {
  for (const release of releases) {
    const notice = release?.x_fictional;
    if (typeof notice === 'string' && notice.trim() !== '') return notice;
  }
  return null;
}

/** The domain view of one compiled release and the publication it came from. */
export function toContractingProcess(compiled: CompiledRelease, meta: PublicationMeta): ContractingProcess {
  const parties = list(compiled.parties)
    .map(party)
    .filter((entry) => entry !== null);
  const index = new Map<string, Party>();
  for (const entry of parties) if (!index.has(entry.id)) index.set(entry.id, entry);
  return {
    ocid: compiled.ocid,
    date: text(compiled.date),
    tag: list(compiled.tag),
    initiationType: text(compiled.initiationType),
    language: text(compiled.language),
    buyer: partyRef(compiled.buyer, index),
    parties,
    planning: planning(compiled.planning),
    tender: tender(compiled.tender, index),
    awards: list(compiled.awards).map((entry) => award(entry, index)),
    contracts: list(compiled.contracts).map((entry) => contract(entry, index)),
    bids: bids(compiled.bids, index),
    relatedProcesses: objectsOf(compiled.relatedProcesses, relatedProcess),
    releaseCount: meta.releaseCount,
    compiledByGateway: meta.compiledByGateway,
    provenance: {
      publisher: meta.publisher,
      license: meta.license,
      packageUri: meta.packageUri,
      publishedDate: meta.publishedDate,
      fictional: meta.fictionalNotice !== null,
      notice: meta.fictionalNotice,
      // Kept so that merging the stored releases on request uses the rules the harvest used.
      ...(meta.version === undefined ? {} : { version: meta.version }),
    },
    dataNotes: meta.dataNotes ?? [],
    coercions: meta.coercions ?? 0,
    // The publisher's compiled release has no releases to be compiled again from: kept, as it may be shown.
    ...(meta.compiledByGateway ? {} : { publisherCompiledRelease: withoutPersonalData(compiled) }),
  };
}
