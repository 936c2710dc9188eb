/**
 * Ownership and control as BODS 0.4 statements (entity, person and relationship records), read from
 * JSON Lines into relationships indexed by the register number of their subject and of their interested
 * party. A record's latest statement wins (by `statementDate`, then by position in the stream), so a
 * `closed` statement ends a relationship without removing it. Persons keep a name and nationalities only.
 */
import { UnreachableCaseError } from '../../domain/errors.js';
import { MN_CR } from '../../domain/organization.js';
import type { InterestedParty, OwnershipInterest, OwnershipRelationship } from '../../domain/organization.js';
import { describeIssues } from '../../upstream/index.js';
import {
  StatementSchema,
  type EntityStatement,
  type Interest,
  type PersonStatement,
  type RelationshipStatement,
  type Statement,
} from './payload.js';
import { readJsonLines } from './stream.js';

/** The relationships of one ownership file, by register number. */
export class OwnershipIndex {
  readonly #bySubject = new Map<string, OwnershipRelationship[]>();
  readonly #byParty = new Map<string, OwnershipRelationship[]>();

  constructor(
    /** Every relationship record, in the order its first statement appeared. */
    readonly relationships: readonly OwnershipRelationship[],
  ) {
    for (const r of relationships) {
      if (r.subjectRegisterNumber !== null) push(this.#bySubject, r.subjectRegisterNumber, r);
      if (r.interestedParty.registerNumber !== null) push(this.#byParty, r.interestedParty.registerNumber, r);
    }
  }

  /** Relationships whose subject is the entity with this register number (its owners). */
  ownersOf(registerNumber: string): readonly OwnershipRelationship[] {
    return this.#bySubject.get(registerNumber) ?? [];
  }

  /** Relationships whose interested party is the entity with this register number (what it owns). */
  ownedBy(registerNumber: string): readonly OwnershipRelationship[] {
    return this.#byParty.get(registerNumber) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Keeps the latest statement per record id: a later `statementDate` wins, and on a tie the later line. */
class Latest<S extends Statement> {
  readonly byId = new Map<string, S>();
  add(s: S): void {
    const held = this.byId.get(s.recordId);
    if (held === undefined || s.statementDate >= held.statementDate) this.byId.set(s.recordId, s);
  }
}

/** The statements read, latest per record. */
interface StatementSet {
  readonly entities: Latest<EntityStatement>;
  readonly persons: Latest<PersonStatement>;
  readonly relationships: Latest<RelationshipStatement>;
}

function emptySet(): StatementSet {
  return { entities: new Latest(), persons: new Latest(), relationships: new Latest() };
}

function addStatement(set: StatementSet, s: Statement): void {
  switch (s.recordType) {
    case 'entity':
      set.entities.add(s);
      return;
    case 'person':
      set.persons.add(s);
      return;
    case 'relationship':
      set.relationships.add(s);
      return;
    default:
      throw new UnreachableCaseError(s);
  }
}

/** Reads BODS 0.4 JSON Lines into an index; a line that is not a valid statement fails the whole load. */
export async function readOwnership(body: AsyncIterable<Buffer>): Promise<OwnershipIndex> {
  const set = emptySet();
  await readJsonLines(body, (value, index) => {
    const parsed = StatementSchema.safeParse(value);
    if (!parsed.success) throw new Error(`statement ${index}: ${describeIssues(parsed.error)}`);
    addStatement(set, parsed.data);
  });
  return new OwnershipIndex(toRelationships(set));
}

/** Maps statements that are already in memory (e.g. a BODS package) to relationships. */
export function relationshipsOf(statements: readonly unknown[]): OwnershipRelationship[] {
  const set = emptySet();
  statements.forEach((value, index) => {
    const parsed = StatementSchema.safeParse(value);
    if (!parsed.success) throw new Error(`statement ${index}: ${describeIssues(parsed.error)}`);
    addStatement(set, parsed.data);
  });
  return toRelationships(set);
}

const UNKNOWN_PARTY: InterestedParty = {
  kind: 'UNKNOWN',
  name: null,
  registerNumber: null,
  identifiers: [],
  countries: [],
};

/** An ISO 3166-1 alpha-2 code, or nothing (names without codes and subdivision codes are left out). */
function countryCodes(list: readonly { code?: string | undefined }[] | undefined): string[] {
  const codes: string[] = [];
  for (const c of list ?? []) if (c.code !== undefined && /^[A-Z]{2}$/.test(c.code)) codes.push(c.code);
  return codes;
}

function registerNumberOf(entity: EntityStatement): string | null {
  const id = entity.recordDetails.identifiers?.find((i) => i.scheme === MN_CR && i.id !== undefined)?.id;
  return id === undefined ? null : id.trim();
}

function entityParty(entity: EntityStatement): InterestedParty {
  const d = entity.recordDetails;
  return {
    kind: 'ENTITY',
    name: d.name ?? null,
    registerNumber: registerNumberOf(entity),
    identifiers: (d.identifiers ?? [])
      .filter((i) => i.scheme !== MN_CR)
      .map((i) => ({ scheme: i.scheme ?? i.schemeName ?? null, id: i.id ?? null })),
    countries: countryCodes(d.jurisdiction === undefined ? [] : [d.jurisdiction]),
  };
}

/** A person: the legal name (else the first), and nationalities. Nothing else is ever read. */
function personParty(person: PersonStatement): InterestedParty {
  const names = person.recordDetails.names ?? [];
  const chosen = names.find((n) => n.type === 'legal') ?? names[0];
  const composed = [chosen?.givenName, chosen?.familyName].filter((p) => p !== undefined).join(' ');
  return {
    kind: 'PERSON',
    name: chosen?.fullName ?? (composed === '' ? null : composed),
    registerNumber: null,
    identifiers: [],
    countries: countryCodes(person.recordDetails.nationalities),
  };
}

function interestOf(i: Interest): OwnershipInterest {
  return {
    // BODS does not require a type; an interest without one is, in its own terms, an unknown interest.
    type: i.type ?? 'unknownInterest',
    directOrIndirect: i.directOrIndirect ?? null,
    beneficialOwnershipOrControl: i.beneficialOwnershipOrControl ?? null,
    shareExact: i.share?.exact ?? null,
    shareMin: i.share?.minimum ?? i.share?.exclusiveMinimum ?? null,
    shareMax: i.share?.maximum ?? i.share?.exclusiveMaximum ?? null,
    startDate: i.startDate ?? null,
    endDate: i.endDate ?? null,
  };
}

/** Resolves each relationship's subject and interested party and maps it to the domain. */
function toRelationships(set: StatementSet): OwnershipRelationship[] {
  const out: OwnershipRelationship[] = [];
  for (const s of set.relationships.byId.values()) {
    const d = s.recordDetails;
    const subject = typeof d.subject === 'string' ? set.entities.byId.get(d.subject) : undefined;
    let party = UNKNOWN_PARTY;
    if (typeof d.interestedParty === 'string') {
      const person = set.persons.byId.get(d.interestedParty);
      const entity = set.entities.byId.get(d.interestedParty);
      if (person !== undefined) party = personParty(person);
      else if (entity !== undefined) party = entityParty(entity);
    }
    const interests = (d.interests ?? []).map(interestOf);
    out.push({
      statementId: s.statementId,
      subjectRegisterNumber: subject === undefined ? null : registerNumberOf(subject),
      subjectName: subject?.recordDetails.name ?? null,
      interestedParty: party,
      interests,
      closed:
        s.recordStatus === 'closed' || (interests.length > 0 && interests.every((i) => i.endDate !== null)),
      statementDate: s.statementDate,
      fictional: s.x_fictional !== undefined,
    });
  }
  return out;
}
