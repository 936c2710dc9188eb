/**
 * The register index: every entity of the bulk dump by register number, plus the name search, built
 * while the dump streams in. Only what the domain needs is kept per entity (number, name, legal form and
 * its raw code, registration date, fictional flag); legal-form codes are interned, so 190,000 entities
 * share a few dozen code strings.
 */
import type { LegalForm, RegistryEntity, SearchHit } from '../../domain/organization.js';
import { describeIssues } from '../../upstream/index.js';
import { toLegalForm } from './legal-form.js';
import { buildNameSearch, type NameSearch } from './names.js';
import { COLUMN, DumpRecordSchema } from './payload.js';
import { readJsonArray } from './stream.js';

/** A read-only view of the register index (what `RegistrySource.index()` serves). */
export interface RegistryIndexView {
  /** Entities in the index. */
  readonly size: number;
  /** The entity with this register number as the dump lists it (no trimming or padding). */
  get(registerNumber: string): RegistryEntity | undefined;
  /** Searches entity names (see `src/sources/registry/search/`). */
  search(
    query: string,
    options: { limit: number; offset?: number; legalForm?: LegalForm },
  ): { total: number; hits: readonly SearchHit[] };
}

/** The index built from one dump. */
export class RegisterIndex implements RegistryIndexView {
  constructor(
    readonly entities: ReadonlyMap<string, RegistryEntity>,
    private readonly names: NameSearch,
  ) {}

  get size(): number {
    return this.entities.size;
  }

  get(registerNumber: string): RegistryEntity | undefined {
    return this.entities.get(registerNumber);
  }

  search(
    query: string,
    options: { limit: number; offset?: number; legalForm?: LegalForm },
  ): { total: number; hits: readonly SearchHit[] } {
    return this.names.search(query, options);
  }
}

/**
 * Streams a dump (a JSON array of flat records keyed by the register's column names) into an index.
 * A record without a register number or a name, or with a malformed date, fails the whole load: schema
 * drift is reported, never papered over. When a number appears twice, the later record wins.
 */
export async function readRegister(body: AsyncIterable<Buffer>): Promise<RegisterIndex> {
  const entities = new Map<string, RegistryEntity>();
  const codes = new Map<string, { readonly raw: string; readonly form: LegalForm }>();
  await readJsonArray(body, (value, index) => {
    const parsed = DumpRecordSchema.safeParse(value);
    if (!parsed.success) throw new Error(`record ${index}: ${describeIssues(parsed.error)}`);
    const r = parsed.data;
    const raw = r[COLUMN.legalForm] ?? '';
    let code = codes.get(raw);
    if (code === undefined) {
      code = { raw, form: toLegalForm(raw) };
      codes.set(raw, code);
    }
    const registerNumber = r[COLUMN.registerNumber];
    entities.set(registerNumber, {
      registerNumber,
      name: r[COLUMN.name],
      legalForm: code.form,
      legalFormRaw: code.raw,
      registeredOn: r[COLUMN.registeredOn] ?? null,
      fictional: r.x_fictional != null,
    });
  });
  return new RegisterIndex(entities, buildNameSearch(entities.values()));
}
