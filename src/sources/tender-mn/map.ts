/**
 * Maps a tender.gov.mn invitation and its bidders onto the domain's `ContractingProcess` (docs/upstreams.md "Mapping to OCDS";
 * the field-by-field table is in README.md beside this file). Pure: no I/O, no clock.
 *
 * The lookup tables below turn the API's Mongolian labels into OCDS codes. The real value lists have not
 * been collected (docs/upstreams.md "Mapping to OCDS"), so each table holds the values seen in public material or served by
 * the replay server, and an unknown label maps to `null` — never to a guess — while the label itself is
 * kept where the domain has room for it (`procurementMethodDetails`).
 */
import type { ContractingProcess, Money, Party, PartyRef, Period } from '../../domain/procurement.js';
import type { Bidder, Invitation } from './payload.js';

/** `provenance.publisher` of every process this adapter builds. */
export const TENDER_MN_PUBLISHER = 'tender.gov.mn open-data API';

/** The org-id.guide scheme of Mongolian state registration numbers. */
const MN_CR = 'MN-CR';

/** Labels compare after Unicode normalisation, trimming, collapsing spaces and lower-casing. */
export function normaliseLabel(label: string): string {
  return label.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('mn');
}

function table<V>(entries: Readonly<Record<string, V>>): ReadonlyMap<string, V> {
  return new Map(Object.entries(entries).map(([label, value]) => [normaliseLabel(label), value]));
}

/**
 * `ruleName` (the procurement method under the procurement law) → OCDS `procurementMethod`. The four
 * values the replay serves, as the fictional scenario spells them; collect the real list before trusting
 * this with live data.
 */
export const PROCUREMENT_METHOD_BY_RULE: ReadonlyMap<string, 'open' | 'selective' | 'limited' | 'direct'> =
  table({
    'Нээлттэй тендер шалгаруулалт': 'open',
    'Хязгаарлагдмал тендер шалгаруулалт (урьдчилсан сонгон шалгаруулалттай)': 'selective',
    'Харьцуулалтын аргаар үнийн санал авах': 'limited',
    'Шууд гэрээ байгуулах': 'direct',
  });

/**
 * `tenderTypeName` → OCDS `mainProcurementCategory` and `additionalProcurementCategories`. The labels are
 * the contract types of the contract register (docs/upstreams.md "Mapping to OCDS"): goods, works, services,
 * consulting services, non-consulting services.
 */
export const CATEGORY_BY_TENDER_TYPE: ReadonlyMap<
  string,
  { readonly main: 'goods' | 'works' | 'services'; readonly additional: readonly string[] }
> = table({
  Бараа: { main: 'goods', additional: [] },
  Ажил: { main: 'works', additional: [] },
  Үйлчилгээ: { main: 'services', additional: [] },
  'Зөвлөх үйлчилгээ': { main: 'services', additional: ['consultingServices'] },
  'Зөвлөхийн бус үйлчилгээ': { main: 'services', additional: [] },
});

type TenderStatus = 'active' | 'complete' | 'cancelled' | 'unsuccessful';

/**
 * `docStatusCode` → OCDS `tender.status`. `TENDER_FAILED` is seen on the public site's lots; the other codes
 * are the replay server's reading. Consulted before the names.
 */
export const TENDER_STATUS_BY_DOC_STATUS_CODE: ReadonlyMap<string, TenderStatus> = new Map([
  ['PUBLISHED', 'active'],
  ['COMPLETED', 'complete'],
  ['CANCELLED', 'cancelled'],
  ['TENDER_FAILED', 'unsuccessful'],
]);

/** `docStatusName` → OCDS `tender.status`, for rows whose code is absent or unknown. */
export const TENDER_STATUS_BY_DOC_STATUS_NAME: ReadonlyMap<string, TenderStatus> = table({
  Нийтлэгдсэн: 'active',
  Дууссан: 'complete',
  Цуцлагдсан: 'cancelled',
  'Тендер амжилтгүй болсон': 'unsuccessful',
});

/** The bidder status public clients read as "selected" (`wfmStatusName`). */
export const SELECTED_BIDDER_STATUS = 'Шалгарсан';

/** Id of the buyer's party: the API names the budget entity but gives no identifier for it. */
export const BUYER_PARTY_ID = 'budget-entity';

/** A citizen's register number (two Cyrillic letters, eight digits): never passed on as an identifier. */
const PERSONAL_REGISTER_NUMBER = /^[А-ЯЁӨҮ]{2}\s*\d{8}$/iu;

const lookup = <V>(map: ReadonlyMap<string, V>, label: string | null | undefined): V | null =>
  label == null ? null : (map.get(normaliseLabel(label)) ?? null);

function tenderStatus(row: Invitation): TenderStatus | null {
  const byCode =
    row.docStatusCode == null ? undefined : TENDER_STATUS_BY_DOC_STATUS_CODE.get(row.docStatusCode.trim());
  return byCode ?? lookup(TENDER_STATUS_BY_DOC_STATUS_NAME, row.docStatusName);
}

const mnt = (amount: number | null | undefined): Money | null =>
  amount == null ? null : { amount, currency: 'MNT' };

const blank = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** The party of a bidder: identified by its state registration number when it gives a plausible one. */
function bidderParty(bidder: Bidder, selected: boolean): Party {
  const number = blank(bidder.registerNumber);
  const usable = number !== null && /^\d+$/.test(number) && !PERSONAL_REGISTER_NUMBER.test(number);
  return {
    id: usable ? `${MN_CR}-${number}` : `bidder-${bidder.bidderId ?? bidder.bidderTenderId}`,
    name: blank(bidder.supplierName),
    identifier: usable ? { scheme: MN_CR, id: number, legalName: null, uri: null } : null,
    additionalIdentifiers: [],
    roles: selected ? ['tenderer', 'supplier'] : ['tenderer'],
    address: null,
  };
}

const ref = (party: Party): PartyRef => ({ id: party.id, name: party.name, party });

/** Parties of one id merged (a supplier listed twice is one party), roles united in order. */
function mergeParties(parties: readonly Party[]): Party[] {
  const byId = new Map<string, Party>();
  for (const party of parties) {
    const seen = byId.get(party.id);
    byId.set(party.id, seen ? { ...seen, roles: [...new Set([...seen.roles, ...party.roles])] } : party);
  }
  return [...byId.values()];
}

/**
 * The domain view of one invitation. `bidders` is `null` when the bidder list could not be asked for (the
 * row has no `tenderId`); an empty list means no bids were opened.
 */
export function toContractingProcess(
  row: Invitation,
  bidders: readonly Bidder[] | null,
  ocid: string,
): ContractingProcess {
  const value = mnt(row.totalBudget);
  const category = lookup(CATEGORY_BY_TENDER_TYPE, row.tenderTypeName);
  const status = tenderStatus(row);
  const buyerName = blank(row.budgetEntityName);
  const buyer: Party | null =
    buyerName === null
      ? null
      : {
          id: BUYER_PARTY_ID,
          name: buyerName,
          // Only a name is published; a register number is never guessed from it.
          identifier: null,
          additionalIdentifiers: [],
          roles: ['buyer'],
          address: null,
        };

  const selected = (b: Bidder) =>
    normaliseLabel(b.wfmStatusName ?? '') === normaliseLabel(SELECTED_BIDDER_STATUS);
  const bidderParties = (bidders ?? []).map((b) => bidderParty(b, selected(b)));
  const parties = mergeParties([...(buyer ? [buyer] : []), ...bidderParties]);
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const resolved = (p: Party): PartyRef => ref(partyById.get(p.id) ?? p);
  const tenderers = mergeParties(bidderParties).map(resolved);

  const awards = (bidders ?? []).flatMap((b, i) => {
    if (!selected(b)) return [];
    const supplier = bidderParties[i];
    return supplier === undefined
      ? []
      : [
          {
            id: String(b.bidderTenderId),
            title: null,
            description: null,
            // "Selected" is read as an award in force.
            status: 'active',
            date: b.noticeDateString ?? null,
            value: mnt(b.discountedAmount ?? b.openedBidderPrice),
            suppliers: [resolved(supplier)],
            items: [],
            contractPeriod: null,
            documents: [],
          },
        ];
  });

  const tenderPeriod: Period | null =
    row.publishDate === null && row.receiveDate === null
      ? null
      : { startDate: row.publishDate, endDate: row.receiveDate, maxExtentDate: null, durationInDays: null };
  const fund = blank(row.fundName);
  const notice =
    blank(row.x_fictional) ??
    (bidders ?? []).map((b) => blank(b.x_fictional)).find((n) => n !== null) ??
    null;

  return {
    ocid,
    date: row.publishDate,
    // One native record, shaped by the gateway: a compiled view, as OCDS calls it.
    tag: ['compiled'],
    initiationType: 'tender',
    language: 'mn',
    buyer: buyer === null ? null : resolved(buyer),
    parties,
    planning:
      fund === null && value === null
        ? null
        : {
            rationale: null,
            budget: { id: null, description: fund, amount: value, project: null, projectID: null },
            documents: [],
            milestones: [],
          },
    tender: {
      id: String(row.invitationId),
      title: blank(row.tenderName),
      description: null,
      status,
      // The API does not say whether the budget entity ran the procedure itself.
      procuringEntity: null,
      items: [],
      value,
      minValue: null,
      procurementMethod: lookup(PROCUREMENT_METHOD_BY_RULE, row.ruleName),
      procurementMethodDetails: blank(row.ruleName),
      procurementMethodRationale: null,
      mainProcurementCategory: category?.main ?? null,
      additionalProcurementCategories: category?.additional ?? [],
      awardCriteria: null,
      submissionMethod: [],
      tenderPeriod,
      enquiryPeriod: null,
      awardPeriod: null,
      contractPeriod: null,
      // An empty list of an active tender means the bids are not open yet, not that nobody bid.
      numberOfTenderers:
        bidders === null || (bidders.length === 0 && status === 'active') ? null : tenderers.length,
      tenderers,
      documents: [],
      milestones:
        row.openDate === null
          ? []
          : [
              {
                id: 'bid-opening',
                title: 'Тендер нээх',
                type: null,
                description: null,
                dueDate: row.openDate,
                dateMet: null,
                status: null,
              },
            ],
    },
    awards,
    // Contracts and their implementation are not published by the open-data API.
    contracts: [],
    releaseCount: 1,
    compiledByGateway: true,
    provenance: {
      publisher: TENDER_MN_PUBLISHER,
      license: null,
      packageUri: null,
      publishedDate: null,
      fictional: notice !== null,
      notice,
    },
    dataNotes: [],
    coercions: 0,
  };
}
