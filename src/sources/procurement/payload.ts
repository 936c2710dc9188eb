/**
 * zod schemas of the native OCDS 1.1 payloads: release, release package, record, record package
 * (https://standard.open-contracting.org/1.1/en/schema/). Only the fields the domain reads are typed; every
 * object is loose, so OCDS extensions and unknown fields pass through untouched and survive merging.
 *
 * Optional fields accept `null`: in a release, `null` means "remove this field" when releases are merged
 * (schema/merging, "Object values"), and the schema itself allows it on most fields. Mapping treats `null`
 * as absent. A payload that breaks these schemas is schema drift (`UPSTREAM_INVALID`), never reshaped.
 */
import { z } from 'zod';
import { ISO_8601 } from '../../domain/ids.js';

/** OCDS local identifiers (`awards/id`, `parties/id`, ...) are strings or integers. */
const localId = z.union([z.string(), z.number().int()]);
const text = z.string().nullish();
/** An OCDS date: ISO 8601 (merging orders releases by it, so another form is drift, never data). */
const isoDate = z.string().regex(ISO_8601, 'an ISO 8601 date-time');
const date = isoDate.nullish();
const texts = z.array(z.string()).nullish();

const ValueSchema = z.looseObject({
  amount: z.number().nullish(),
  currency: text,
});

const PeriodSchema = z.looseObject({
  startDate: date,
  endDate: date,
  maxExtentDate: date,
  durationInDays: z.number().int().nullish(),
});

const IdentifierSchema = z.looseObject({
  scheme: text,
  id: localId.nullish(),
  legalName: text,
  uri: text,
});

const AddressSchema = z.looseObject({
  streetAddress: text,
  locality: text,
  region: text,
  postalCode: text,
  countryName: text,
});

const OrganizationReferenceSchema = z.looseObject({
  id: localId.nullish(),
  name: text,
});

// `contactPoint` is left untyped on purpose: it can name private persons and the domain never reads it.
const OrganizationSchema = z.looseObject({
  id: localId.nullish(),
  name: text,
  identifier: IdentifierSchema.nullish(),
  additionalIdentifiers: z.array(IdentifierSchema).nullish(),
  address: AddressSchema.nullish(),
  roles: texts,
});

const ClassificationSchema = z.looseObject({
  scheme: text,
  id: localId.nullish(),
  description: text,
  uri: text,
});

const ItemSchema = z.looseObject({
  id: localId,
  description: text,
  classification: ClassificationSchema.nullish(),
  additionalClassifications: z.array(ClassificationSchema).nullish(),
  quantity: z.number().nullish(),
  unit: z
    .looseObject({
      name: text,
      value: ValueSchema.nullish(),
    })
    .nullish(),
});

const DocumentSchema = z.looseObject({
  id: localId,
  documentType: text,
  title: text,
  description: text,
  url: text,
  datePublished: date,
  dateModified: date,
  format: text,
  language: text,
});

// Publishers leave a milestone's id out (the schema requires one, the merge appends such objects): read
// without one rather than losing the release.
const MilestoneSchema = z.looseObject({
  id: localId.nullish(),
  title: text,
  type: text,
  description: text,
  dueDate: date,
  dateMet: date,
  status: text,
});

const BudgetSchema = z.looseObject({
  id: localId.nullish(),
  description: text,
  amount: ValueSchema.nullish(),
  project: text,
  projectID: localId.nullish(),
});

const PlanningSchema = z.looseObject({
  rationale: text,
  budget: BudgetSchema.nullish(),
  documents: z.array(DocumentSchema).nullish(),
  milestones: z.array(MilestoneSchema).nullish(),
});

const TenderSchema = z.looseObject({
  id: localId.nullish(),
  title: text,
  description: text,
  status: text,
  procuringEntity: OrganizationReferenceSchema.nullish(),
  items: z.array(ItemSchema).nullish(),
  value: ValueSchema.nullish(),
  minValue: ValueSchema.nullish(),
  procurementMethod: text,
  procurementMethodDetails: text,
  procurementMethodRationale: text,
  mainProcurementCategory: text,
  additionalProcurementCategories: texts,
  awardCriteria: text,
  submissionMethod: texts,
  tenderPeriod: PeriodSchema.nullish(),
  enquiryPeriod: PeriodSchema.nullish(),
  awardPeriod: PeriodSchema.nullish(),
  contractPeriod: PeriodSchema.nullish(),
  numberOfTenderers: z.number().int().nullish(),
  tenderers: z.array(OrganizationReferenceSchema).nullish(),
  documents: z.array(DocumentSchema).nullish(),
  milestones: z.array(MilestoneSchema).nullish(),
});

const AwardSchema = z.looseObject({
  id: localId,
  title: text,
  description: text,
  status: text,
  date: date,
  value: ValueSchema.nullish(),
  suppliers: z.array(OrganizationReferenceSchema).nullish(),
  items: z.array(ItemSchema).nullish(),
  contractPeriod: PeriodSchema.nullish(),
  documents: z.array(DocumentSchema).nullish(),
});

const TransactionSchema = z.looseObject({
  id: localId,
  source: text,
  date: date,
  value: ValueSchema.nullish(),
  /** Deprecated in OCDS 1.1 in favour of `value`; still published by some 1.0-era systems. */
  amount: ValueSchema.nullish(),
  payer: OrganizationReferenceSchema.nullish(),
  payee: OrganizationReferenceSchema.nullish(),
  uri: text,
});

const ImplementationSchema = z.looseObject({
  transactions: z.array(TransactionSchema).nullish(),
  milestones: z.array(MilestoneSchema).nullish(),
  documents: z.array(DocumentSchema).nullish(),
});

const ContractSchema = z.looseObject({
  id: localId,
  awardID: localId.nullish(),
  title: text,
  description: text,
  status: text,
  period: PeriodSchema.nullish(),
  value: ValueSchema.nullish(),
  items: z.array(ItemSchema).nullish(),
  dateSigned: date,
  documents: z.array(DocumentSchema).nullish(),
  implementation: ImplementationSchema.nullish(),
});

/** The fields of a release other than its own metadata (`id`, `date`, `tag`). */
const processShape = {
  ocid: z.string().min(1),
  initiationType: text,
  language: text,
  parties: z.array(OrganizationSchema).nullish(),
  buyer: OrganizationReferenceSchema.nullish(),
  planning: PlanningSchema.nullish(),
  tender: TenderSchema.nullish(),
  awards: z.array(AwardSchema).nullish(),
  contracts: z.array(ContractSchema).nullish(),
  /** Set on every fictional release by the replay server and the scenario generator. */
  x_fictional: text,
};

/**
 * One OCDS release: the input to merging. `ocid`, `id` and `date` are required (merging groups by `ocid`
 * and orders by `date`); `tag` and `initiationType`, required by OCDS but unused by merging, are not.
 */
export const ReleaseSchema = z.looseObject({
  ...processShape,
  id: z.string(),
  date: isoDate,
  tag: texts,
});
export type Release = z.infer<typeof ReleaseSchema>;

/**
 * A compiled release: the merged state of a contracting process, as `compileReleases` returns it or as a
 * record's `compiledRelease`. Same fields as a release; its own `id`, `date` and `tag` are optional.
 */
export const CompiledReleaseSchema = z.looseObject({
  ...processShape,
  id: text,
  date: date,
  tag: texts,
});
export type CompiledRelease = z.infer<typeof CompiledReleaseSchema>;

/** A record's pointer to a release published elsewhere (record package schema, "Linked releases"). */
export const LinkedReleaseSchema = z.looseObject({
  url: z.string(),
  date: date,
  tag: texts,
});
export type LinkedRelease = z.infer<typeof LinkedReleaseSchema>;

const PublisherSchema = z.looseObject({
  name: text,
  scheme: text,
  uid: text,
  uri: text,
});

/** Metadata common to release and record packages. */
const packageShape = {
  uri: text,
  version: text,
  publishedDate: date,
  publisher: PublisherSchema.nullish(),
  license: text,
  publicationPolicy: text,
  /** Paging links an OCDS API adds to the packages it serves (publication guidance, "API"). */
  links: z.looseObject({ next: text, prev: text }).nullish(),
};

/** A release package: a publication of releases, possibly of several contracting processes. */
export const ReleasePackageSchema = z.looseObject({
  ...packageShape,
  releases: z.array(ReleaseSchema),
});
export type ReleasePackage = z.infer<typeof ReleasePackageSchema>;

/** A record: every release of one contracting process (embedded or linked), optionally compiled. */
export const RecordSchema = z.looseObject({
  ocid: z.string().min(1),
  releases: z.array(z.union([ReleaseSchema, LinkedReleaseSchema])),
  compiledRelease: CompiledReleaseSchema.nullish(),
});
export type OcdsRecord = z.infer<typeof RecordSchema>;

/** A record package: records, each for one contracting process. */
export const RecordPackageSchema = z.looseObject({
  ...packageShape,
  packages: texts,
  records: z.array(RecordSchema),
});
export type RecordPackage = z.infer<typeof RecordPackageSchema>;
