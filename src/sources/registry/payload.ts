/**
 * zod schemas of the registry's native payloads: one record of the bulk dump (Mongolian column names of
 * dataset 6686 [unverified]) and one BODS 0.4 statement (data/registry/bods-0.4/schema). Only the fields
 * the domain reads are declared; `z.object` strips every other key on parse, which is also the privacy
 * guarantee for persons: an identifier, address, birth date or tax residency in the input never survives
 * parsing. A payload that breaks a schema is schema drift (`UPSTREAM_INVALID`), never reshaped.
 */
import { z } from 'zod';

/** The dump's column names as a third-party note gives them (docs/upstreams.md "Bulk dump") [unverified]. */
export const COLUMN = {
  registerNumber: 'Регистрийн дугаар',
  name: 'Оноосон нэр',
  registeredOn: 'Бүртгэсэн огноо',
  legalForm: 'Хэлбэр',
} as const;

/** A string with at least one non-space character. */
const present = z.string().regex(/\S/, 'expected a non-blank string');

/**
 * A calendar date as `YYYY-MM-DD`, `YYYY.MM.DD` or `YYYY/MM/DD`, optionally followed by a time (which is
 * dropped: the register records days). Read as an ISO date; anything else is drift.
 */
const registerDate = z.string().transform((raw, ctx) => {
  const m = /^\s*(\d{4})[-./](\d{2})[-./](\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(raw);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const at = Date.parse(`${iso}T00:00:00Z`);
  if (m === null || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== iso) {
    ctx.addIssue({ code: 'custom', message: 'expected a date such as 2011-04-12' });
    return z.NEVER;
  }
  return iso;
});

/** One record of the bulk dump. Columns the domain does not use (address, activity, status) are dropped. */
export const DumpRecordSchema = z.object({
  [COLUMN.registerNumber]: present,
  [COLUMN.name]: present,
  [COLUMN.legalForm]: z.string().nullish(),
  [COLUMN.registeredOn]: registerDate.nullish(),
  /** The replay server's marker of fictional sample companies. */
  x_fictional: z.string().nullish(),
});
export type DumpRecord = z.infer<typeof DumpRecordSchema>;

const percentage = z.number().min(0).max(100);

const IdentifierSchema = z.object({
  id: z.string().optional(),
  scheme: z.string().optional(),
  schemeName: z.string().optional(),
});

const CountrySchema = z.object({ name: z.string().optional(), code: z.string().optional() });

/** `interestedParty` / `subject` when the party cannot be named (BODS `UnspecifiedRecord`). */
const UnspecifiedSchema = z.object({ reason: z.string(), description: z.string().optional() });

const InterestSchema = z.object({
  type: z.string().optional(),
  directOrIndirect: z.string().optional(),
  beneficialOwnershipOrControl: z.boolean().optional(),
  share: z
    .object({
      exact: percentage.optional(),
      minimum: percentage.optional(),
      maximum: percentage.optional(),
      exclusiveMinimum: percentage.optional(),
      exclusiveMaximum: percentage.optional(),
    })
    .optional(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
});

const EntityDetailsSchema = z.object({
  entityType: z.object({ type: z.string() }),
  name: z.string().optional(),
  identifiers: z.array(IdentifierSchema).optional(),
  jurisdiction: CountrySchema.optional(),
});

// Persons: a name and nationalities, nothing else (see the file comment).
const PersonDetailsSchema = z.object({
  personType: z.string(),
  names: z
    .array(
      z.object({
        type: z.string().optional(),
        fullName: z.string().optional(),
        givenName: z.string().optional(),
        familyName: z.string().optional(),
      }),
    )
    .optional(),
  nationalities: z.array(CountrySchema).optional(),
});

const RelationshipDetailsSchema = z.object({
  isComponent: z.boolean(),
  subject: z.union([z.string(), UnspecifiedSchema]),
  interestedParty: z.union([z.string(), UnspecifiedSchema]),
  interests: z.array(InterestSchema).optional(),
});

const statementFields = {
  statementId: present,
  statementDate: present,
  recordId: present,
  recordStatus: z.enum(['new', 'updated', 'closed']).optional(),
  /** The replay server's marker of fictional or illustrative statements. */
  x_fictional: z.string().optional(),
};

/** One BODS 0.4 statement: an entity, a person or a relationship record. */
export const StatementSchema = z.discriminatedUnion('recordType', [
  z.object({ ...statementFields, recordType: z.literal('entity'), recordDetails: EntityDetailsSchema }),
  z.object({ ...statementFields, recordType: z.literal('person'), recordDetails: PersonDetailsSchema }),
  z.object({
    ...statementFields,
    recordType: z.literal('relationship'),
    recordDetails: RelationshipDetailsSchema,
  }),
]);
export type Statement = z.infer<typeof StatementSchema>;
export type EntityStatement = Extract<Statement, { recordType: 'entity' }>;
export type PersonStatement = Extract<Statement, { recordType: 'person' }>;
export type RelationshipStatement = Extract<Statement, { recordType: 'relationship' }>;
export type Interest = z.infer<typeof InterestSchema>;
