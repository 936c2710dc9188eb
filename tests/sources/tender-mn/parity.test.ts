import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractingProcess, PartyRef } from '../../../src/domain/procurement.js';
import { startReplayServer, type ReplayServer } from '../../../src/replay/index.js';
import { tenderMnPairs, type TenderMnPair } from '../../../src/replay/tender-mn.js';
import { mintOcid } from '../../../src/sources/tender-mn/index.js';
import { adapters, type Adapters } from './helpers.js';

/**
 * The same fictional process through both procurement adapters: the OCDS API (`/ocds`, releases compiled by
 * the gateway) and tender.gov.mn's native API (`/tender-mn`, derived by the replay server from the same
 * releases). On every field both sources carry, the domain objects must be identical.
 *
 * Compared: the compiled-view markers (`tag`, `initiationType`, `language`); the buyer's name; the tender's
 * title, value, status, procurement method and its details, main and additional categories, and tender
 * period; the tenderers (names, `MN-CR` identifiers, and whether each is a supplier), in order; the awards
 * (status, date, value, and their suppliers' names and identifiers); and whether the data is fictional,
 * with its notice.
 *
 * Different by design, so not compared:
 * - `ocid`, `tender.id`, award ids and party ids of the buyer: each adapter mints its own (`ocidPrefix` +
 *   invitationId, the invitation id, the bidder-tender id, `budget-entity`);
 * - `date`: the OCDS date is the latest release's, tender.gov.mn's list has only the publication date;
 * - `provenance.publisher`, `license`, `packageUri`, `publishedDate`: two different publications;
 * - the buyer's identifier and address, and `tender.procuringEntity`: tender.gov.mn names the budget entity
 *   only, and the adapter never guesses a register number from a name;
 * - parties' addresses, `legalName`, and the roles `procuringEntity`, `payer`, `payee`;
 * - `planning` (rationale, budget id, the estimate before amendments), `tender.description`, `items`,
 *   `documents`, `awardCriteria`, `submissionMethod`, `numberOfTenderers`, `milestones` (tender.gov.mn has a
 *   bid-opening date, OCDS none here), awards' titles and contract periods;
 * - `contracts` and their `implementation`: tender.gov.mn's API does not publish them.
 */

let replay: ReplayServer;
let both: Adapters;
let pairs: readonly TenderMnPair[];

beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
  both = adapters(replay);
  pairs = await tenderMnPairs();
});
afterAll(async () => {
  await both.close();
  await replay.close();
});

function organisation(ref: PartyRef) {
  return {
    name: ref.name,
    scheme: ref.party?.identifier?.scheme ?? null,
    id: ref.party?.identifier?.id ?? null,
    supplier: ref.party?.roles.includes('supplier') ?? false,
  };
}

/** The fields both sources carry (see the comment at the top). */
function shared(p: ContractingProcess) {
  const t = p.tender;
  return {
    tag: p.tag,
    initiationType: p.initiationType,
    language: p.language,
    buyerName: p.buyer?.name ?? null,
    tender:
      t === null
        ? null
        : {
            title: t.title,
            value: t.value,
            status: t.status,
            procurementMethod: t.procurementMethod,
            procurementMethodDetails: t.procurementMethodDetails,
            mainProcurementCategory: t.mainProcurementCategory,
            additionalProcurementCategories: t.additionalProcurementCategories,
            tenderPeriod: t.tenderPeriod,
            tenderers: t.tenderers.map(organisation),
          },
    awards: p.awards.map((a) => ({
      status: a.status,
      date: a.date,
      value: a.value,
      suppliers: a.suppliers.map(organisation),
    })),
    fictional: p.provenance.fictional,
    notice: p.provenance.notice,
  };
}

describe('tender.gov.mn and OCDS adapters on the same fictional process', () => {
  it('pair every served invitation with a scenario process', async () => {
    expect(pairs).toHaveLength(37);
    expect(new Set(pairs.map((p) => p.ocid)).size).toBe(pairs.length);
    const { value } = await both.tenderMn.processes();
    expect(value.map((p) => p.ocid).sort()).toEqual(
      pairs.map((p) => mintOcid(both.config.sources.tenderMn.ocidPrefix, p.invitationId)).sort(),
    );
  });

  it('produce identical domain objects on every field both sources carry', async () => {
    const { value } = await both.tenderMn.processes();
    const byOcid = new Map(value.map((p) => [p.ocid, p]));
    for (const pair of pairs) {
      const native = byOcid.get(mintOcid(both.config.sources.tenderMn.ocidPrefix, pair.invitationId));
      const ocds = (await both.ocds.process(pair.ocid)).value;
      expect(native, pair.ocid).toBeDefined();
      expect(shared(native!), pair.ocid).toEqual(shared(ocds));
    }
  });

  it('cover every served tender status, method and category, with tenderers and awards', async () => {
    const { value } = await both.tenderMn.processes();
    const seen = (f: (p: ContractingProcess) => string | null | undefined) =>
      [...new Set(value.map(f))].sort();
    expect(seen((p) => p.tender?.status)).toEqual(['active', 'cancelled', 'complete', 'unsuccessful']);
    expect(seen((p) => p.tender?.procurementMethod)).toEqual(['direct', 'limited', 'open', 'selective']);
    expect(seen((p) => p.tender?.mainProcurementCategory)).toEqual(['goods', 'services', 'works']);
    expect(value.filter((p) => p.awards.length > 0).length).toBeGreaterThan(20);
    expect(value.every((p) => p.provenance.fictional)).toBe(true);
  });
});
