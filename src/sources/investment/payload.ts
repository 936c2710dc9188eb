/**
 * zod schemas of the native payload: an OC4IDS 0.9.4 project package
 * (https://standard.open-contracting.org/infrastructure/0.9/en/reference/schema/). Only the fields the
 * domain reads are typed; every object is loose, so OC4IDS extensions and the many fields the graph does
 * not expose (finance, transactions, metrics, social, ...) pass untouched, even where a publisher breaks
 * the schema there. A wrong type in a field the domain reads, or a missing `projects` array or project
 * `id`, is schema drift (`UPSTREAM_INVALID`), never reshaped.
 */
import { z } from 'zod';

/** Local identifiers (`budgetBreakdown/id`, `parties/id`) are strings; integers are read back as strings. */
const localId = z.union([z.string(), z.number().int()]);
const text = z.string().nullish();

const ValueSchema = z.looseObject({
  amount: z.number().nullish(),
  currency: text,
});

const PeriodSchema = z.looseObject({
  startDate: text,
  endDate: text,
  maxExtentDate: text,
  durationInDays: z.number().int().nullish(),
});

const OrganizationReferenceSchema = z.looseObject({
  id: localId.nullish(),
  name: text,
});

/**
 * `id` must be a string: a register number read as a number would lose its leading zeros (every MN-CR
 * number of the fictional data begins with `09`).
 */
const IdentifierSchema = z.looseObject({
  scheme: text,
  id: z.string().nullish(),
  legalName: text,
});

const AddressSchema = z.looseObject({
  streetAddress: text,
  locality: text,
  region: text,
  postalCode: text,
  countryName: text,
});

const LocationSchema = z.looseObject({
  id: localId.nullish(),
  description: text,
  address: AddressSchema.nullish(),
});

/** One budget line. `x_fundingSource` is this gateway's documented extension (see README.md). */
const BudgetLineSchema = z.looseObject({
  id: localId,
  description: text,
  amount: ValueSchema.nullish(),
  period: PeriodSchema.nullish(),
  sourceParty: OrganizationReferenceSchema.nullish(),
  x_fundingSource: text,
});

const BudgetBreakdownsSchema = z.looseObject({
  id: localId,
  description: text,
  budgetBreakdown: z.array(BudgetLineSchema).nullish(),
});

const BudgetSchema = z.looseObject({
  description: text,
  amount: ValueSchema.nullish(),
  budgetBreakdowns: z.array(BudgetBreakdownsSchema).nullish(),
});

// `contactPoint`, `people` and `beneficialOwners` are left untyped on purpose: they name private persons
// and the domain never reads them.
const PartySchema = z.looseObject({
  id: localId.nullish(),
  name: text,
  identifier: IdentifierSchema.nullish(),
  additionalIdentifiers: z.array(IdentifierSchema).nullish(),
  roles: z.array(z.string()).nullish(),
});

const ContractingProcessSchema = z.looseObject({
  id: localId.nullish(),
  summary: z
    .looseObject({
      ocid: text,
      title: text,
      status: text,
    })
    .nullish(),
});

/** `x_fictional`: a sentence saying the data is fictional, or just `true`. */
const FictionalSchema = z.union([z.string(), z.boolean()]).nullish();

/** One OC4IDS project; `id` is the only field the standard requires. */
export const ProjectSchema = z.looseObject({
  id: z.string().min(1),
  updated: text,
  title: text,
  description: text,
  status: text,
  sector: z.array(z.string()).nullish(),
  type: text,
  locations: z.array(LocationSchema).nullish(),
  period: PeriodSchema.nullish(),
  implementationPeriod: PeriodSchema.nullish(),
  completionPeriod: PeriodSchema.nullish(),
  budget: BudgetSchema.nullish(),
  parties: z.array(PartySchema).nullish(),
  contractingProcesses: z.array(ContractingProcessSchema).nullish(),
  x_fictional: FictionalSchema,
});
export type Project = z.infer<typeof ProjectSchema>;

/** An OC4IDS project package. */
export const ProjectPackageSchema = z.looseObject({
  version: text,
  uri: text,
  publishedDate: text,
  publisher: z.looseObject({ name: text }).nullish(),
  license: text,
  x_fictional: FictionalSchema,
  projects: z.array(ProjectSchema),
});
export type ProjectPackage = z.infer<typeof ProjectPackageSchema>;
