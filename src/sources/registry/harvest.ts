/**
 * What the register's harvester needs of this source, as pure functions: reading the dump in batches
 * as it streams (each record with its JSON text as published and its domain entity), and turning the
 * stored entities back into the index the graph searches. The harvest logic itself (the store, the
 * conditional GET, withdrawals) lives in the data plane.
 */
import type { RegistryEntity } from '../../domain/organization.js';
import { DumpDecoder, buildRegisterIndex, type RegisterIndex } from './register.js';
import { readJsonArray } from './stream.js';

/** One record of the dump as a harvest stores it. */
export interface DumpEntry {
  /** The register number, exactly as the dump lists it. */
  readonly key: string;
  /** The record's JSON text exactly as it stood in the dump. */
  readonly raw: string;
  readonly entity: RegistryEntity;
}

/**
 * Streams a dump, handing `onBatch` up to `size` records at a time and waiting for it before reading
 * on, so that at most one batch (and one network chunk) is ever held: the body's backpressure paces the
 * download to the writes. A record that breaks the schema fails the read (drift), as on the live path.
 * `pause`, when given, is awaited before each chunk is parsed: chunks the body already holds come as
 * settled promises, and the caller decides when the event loop gets a turn between them. Resolves to
 * the number of records read.
 */
export async function readDumpInBatches(
  body: AsyncIterable<Buffer>,
  size: number,
  onBatch: (batch: readonly DumpEntry[]) => Promise<void>,
  pause?: () => Promise<void>,
): Promise<number> {
  const decoder = new DumpDecoder();
  let batch: DumpEntry[] = [];
  // The parser calls back synchronously per record; the batch is written between network chunks.
  async function* paced(): AsyncGenerator<Buffer> {
    for await (const chunk of body) {
      await pause?.();
      yield chunk;
      if (batch.length >= size) {
        const full = batch;
        batch = [];
        await onBatch(full);
      }
    }
  }
  const count = await readJsonArray(paced(), (value, index, text) => {
    const entity = decoder.decode(value, index);
    batch.push({ key: entity.registerNumber, raw: text, entity });
  });
  if (batch.length > 0) await onBatch(batch);
  return count;
}

/** One stored entity as the index is built from it: its domain JSON and its withdrawal, if any. */
export interface StoredEntity {
  readonly key: string;
  readonly doc: string;
  readonly withdrawnAt: number | null;
}

/** Builds the index from stored entities, added page by page as the store is read. */
export class RegisterIndexBuilder {
  readonly #decoder = new DumpDecoder();
  readonly #entities = new Map<string, RegistryEntity>();

  /** Adds stored entities; a document that is not an entity is an error naming its key. */
  add(rows: readonly StoredEntity[]): void {
    for (const row of rows) this.#entities.set(row.key, this.#entity(row));
  }

  /** The index over everything added; `complete` says whether the harvest it came from had completed. */
  build(complete: boolean): RegisterIndex {
    return buildRegisterIndex(this.#entities, complete);
  }

  #entity(row: StoredEntity): RegistryEntity {
    let doc: Partial<RegistryEntity>;
    try {
      doc = JSON.parse(row.doc) as Partial<RegistryEntity>;
    } catch {
      throw new Error(`the stored register entity ${row.key} is not JSON`);
    }
    if (typeof doc.name !== 'string' || typeof doc.legalFormRaw !== 'string')
      throw new Error(`the stored register entity ${row.key} has no name or legal-form code`);
    const code = this.#decoder.code(doc.legalFormRaw);
    return {
      registerNumber: row.key,
      name: doc.name,
      legalForm: code.form,
      legalFormRaw: code.raw,
      registeredOn: doc.registeredOn ?? null,
      fictional: doc.fictional === true,
      withdrawnAt: row.withdrawnAt,
    };
  }
}
