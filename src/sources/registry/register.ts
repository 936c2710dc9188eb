/**
 * The register index: every entity by register number, plus the name search. It is built either while
 * a dump streams in (the live path, `readRegister`) or from the entities a harvest stored
 * (`buildRegisterIndex`). Only what the domain needs is kept per entity (number, name, legal form and its
 * raw code, registration date, fictional flag, withdrawal); legal-form codes are interned, so 190,000
 * entities share a few dozen code strings.
 */
import type { LegalForm, RegistryEntity, SearchHit } from '../../domain/organization.js';
import { describeIssues } from '../../upstream/index.js';
import { toLegalForm } from './legal-form.js';
import { buildNameSearch, type NameSearch } from './names.js';
import { COLUMN, DumpRecordSchema } from './payload.js';
import { readJsonArray } from './stream.js';

/** A read-only view of the register index (what `RegistrySource.index()` and the store serve). */
export interface RegistryIndexView {
  /** Entities in the index, withdrawn ones included. */
  readonly size: number;
  /**
   * False while the index is built from a harvest still in its first pass: a number it lacks may yet be
   * listed by the register. An index from a whole dump (or a completed harvest) is complete.
   */
  readonly complete: boolean;
  /**
   * The entity with this register number as the dump lists it (no trimming or padding); an entity the
   * register no longer lists is answered with its `withdrawnAt`.
   */
  get(registerNumber: string): RegistryEntity | undefined;
  /** Searches the names of the entities the register lists (see `src/sources/registry/search/`). */
  search(
    query: string,
    options: { limit: number; offset?: number; legalForm?: LegalForm },
  ): { total: number; hits: readonly SearchHit[] };
}

/** The index built from one dump or one store read. */
export class RegisterIndex implements RegistryIndexView {
  constructor(
    readonly entities: ReadonlyMap<string, RegistryEntity>,
    private readonly names: NameSearch,
    readonly complete = true,
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
 * The index over `entities` (keyed by register number). Withdrawn entities are kept for lookups by
 * number and left out of the name search.
 */
export function buildRegisterIndex(
  entities: ReadonlyMap<string, RegistryEntity>,
  complete: boolean,
): RegisterIndex {
  const listed = function* () {
    for (const e of entities.values()) if (e.withdrawnAt == null) yield e;
  };
  return new RegisterIndex(entities, buildNameSearch(listed()), complete);
}

/**
 * Turns dump records into domain entities, interning legal-form codes (one decoder per dump or store
 * read). A record without a register number or a name, or with a malformed date, is schema drift.
 */
export class DumpDecoder {
  readonly #codes = new Map<string, { readonly raw: string; readonly form: LegalForm }>();

  /** The entity of dump element `index`; throws (drift) when it breaks the record schema. */
  decode(value: unknown, index: number): RegistryEntity {
    const parsed = DumpRecordSchema.safeParse(value);
    if (!parsed.success) throw new Error(`record ${index}: ${describeIssues(parsed.error)}`);
    const r = parsed.data;
    const code = this.code(r[COLUMN.legalForm] ?? '');
    return {
      registerNumber: r[COLUMN.registerNumber],
      name: r[COLUMN.name],
      legalForm: code.form,
      legalFormRaw: code.raw,
      registeredOn: r[COLUMN.registeredOn] ?? null,
      fictional: r.x_fictional != null,
    };
  }

  /**
   * The interned code `raw` and its legal form. An entity read back from the store takes its form from
   * here rather than from the stored JSON, so a newer mapping applies to records that did not change.
   */
  code(raw: string): { readonly raw: string; readonly form: LegalForm } {
    let code = this.#codes.get(raw);
    if (code === undefined) {
      code = { raw, form: toLegalForm(raw) };
      this.#codes.set(raw, code);
    }
    return code;
  }
}

/**
 * Streams a dump (a JSON array of flat records keyed by the register's column names) into an index.
 * A record without a register number or a name, or with a malformed date, fails the whole load: schema
 * drift is reported, never papered over. When a number appears twice, the later record wins.
 */
export async function readRegister(body: AsyncIterable<Buffer>): Promise<RegisterIndex> {
  const entities = new Map<string, RegistryEntity>();
  const decoder = new DumpDecoder();
  await readJsonArray(body, (value, index) => {
    const entity = decoder.decode(value, index);
    entities.set(entity.registerNumber, entity);
  });
  return new RegisterIndex(entities, buildNameSearch(entities.values()));
}
