/**
 * The data of the tender.gov.mn module, derived once, at start-up, from an OCDS file (by default the
 * fictional Mongolian scenario): a deterministic subset of its contracting processes, each reshaped into
 * the open-data API's invitation row and the public site's bidder rows (docs/upstreams.md "tender.gov.mn API"), with the
 * scenario's `x_fictional` notice on every row. The reverse of the gateway's mapping (docs/upstreams.md "Mapping to OCDS"),
 * so that a test can check that both adapters see the same process.
 */
import { fileURLToPath } from 'node:url';

import {
  amountOf,
  compile,
  field,
  idOf,
  list,
  parseOcdsDate,
  readProcesses,
  text,
  type JsonObject,
} from './tender-mn-scenario.js';

export type { JsonObject } from './tender-mn-scenario.js';

/** The fictional Mongolian scenario, from which the module derives its data by default. */
export const EMBEDDED_TENDER_MN_SOURCE: string = fileURLToPath(
  new URL('../../data/procurement/mn-scenario/releases.jsonl.gz', import.meta.url),
);

/**
 * Every `TENDER_MN_SAMPLE_EVERY`-th eligible process (in ocid order) is served. With the scenario that is
 * 37 invitations: a full crawl is one page of 100 plus one bidder request per invitation, about 38 s at
 * the source's polite default of 1 request/s.
 */
export const TENDER_MN_SAMPLE_EVERY = 6;

/**
 * The notice put in `x_fictional` when the OCDS data carries none: every derived row must say that it
 * was not published by tender.gov.mn.
 */
export const TENDER_MN_DERIVED_NOTICE =
  'Derived by the Transparency Graph replay server from OCDS test data; tender.gov.mn never published it.';

/** Mongolia's offset from UTC, used for the API's wall-clock date-times. */
const UB_OFFSET_MS = 8 * 3600 * 1000;

// ---------------------------------------------------------------------------------------------------------
// Native shapes, as served

/** One row of `POST /api/invitation` (`data[]`), in the API's own field names. */
export interface InvitationRow {
  /** Epoch milliseconds, 13 digits; ascending with publication. */
  readonly invitationId: number;
  readonly tenderId: number;
  readonly tenderName: string | null;
  readonly tenderCode: string;
  readonly invitationNumber: string;
  /** A decimal amount as a string (`"125000000.00"`): the API's strings-for-numbers quirk. */
  readonly totalBudget: string | null;
  readonly budgetEntityName: string | null;
  readonly fundName: string | null;
  readonly ruleName: string | null;
  readonly tenderTypeName: string | null;
  /** Ulaanbaatar wall-clock time, `"2026-06-24 12:00:00"`, no offset. */
  readonly publishDate: string;
  readonly receiveDate: string | null;
  readonly openDate: string | null;
  readonly docStatusName: string;
  readonly docStatusCode: string;
  /** Not a field of the real API: says that the row is fictional and derived. */
  readonly x_fictional: string;
}

/** One row of `POST /api/invitation-bidders` (`data[]`). */
export interface BidderRow {
  readonly bidderTenderId: number;
  readonly bidderId: number;
  readonly supplierId: number;
  readonly supplierName: string | null;
  readonly registerNumber: string | null;
  /** The price read out at bid opening, a JSON number. */
  readonly openedBidderPrice: number;
  /** The evaluated price after discounts, a decimal string, or null when there was none. */
  readonly discountedAmount: string | null;
  readonly wfmStatusCode: string;
  readonly wfmStatusName: string;
  readonly commentText: string | null;
  readonly noticeDateString: string | null;
  readonly guaranteeText: string | null;
  readonly fileId: number | null;
  readonly fileName: string | null;
  readonly x_fictional: string;
}

/** Which scenario process an invitation was derived from. */
export interface TenderMnPair {
  readonly ocid: string;
  readonly invitationId: number;
  readonly tenderId: number;
}

/** Everything the module serves. */
export interface TenderMnDataset {
  /** Ascending by `invitationId` (chronological), the order the API serves. */
  readonly invitations: readonly InvitationRow[];
  /** Bidder rows by `invitationId`; an invitation whose bids are not open (or were never made) has none. */
  readonly bidders: ReadonlyMap<number, readonly BidderRow[]>;
  /** The tender year each invitation is filed under (its publication year, Ulaanbaatar time). */
  readonly yearOf: ReadonlyMap<number, number>;
  /** Scenario ocid ↔ invitation, in invitation order. */
  readonly pairs: readonly TenderMnPair[];
}

// ---------------------------------------------------------------------------------------------------------
// Lookups: the native values the module serves, from OCDS codes (the adapter's tables read them back)

/** `tender.status` → the invitation's `docStatusCode` and `docStatusName` (our reading; codes unverified). */
export const DOC_STATUS_BY_TENDER_STATUS: Readonly<Record<string, { code: string; name: string }>> = {
  active: { code: 'PUBLISHED', name: 'Нийтлэгдсэн' },
  complete: { code: 'COMPLETED', name: 'Дууссан' },
  cancelled: { code: 'CANCELLED', name: 'Цуцлагдсан' },
  unsuccessful: { code: 'TENDER_FAILED', name: 'Тендер амжилтгүй болсон' },
};

/** `mainProcurementCategory` → `tenderTypeName`. */
export const TENDER_TYPE_BY_CATEGORY: Readonly<Record<string, string>> = {
  goods: 'Бараа',
  works: 'Ажил',
  services: 'Үйлчилгээ',
};

/** The selected bidder's status: `Шалгарсан` is the value public scrapers read; the code is our reading. */
export const SELECTED = { code: 'SELECTED', name: 'Шалгарсан' } as const;
/** Every other bidder's status ("not selected"; our reading). */
export const NOT_SELECTED = { code: 'NOT_SELECTED', name: 'Шалгараагүй' } as const;

/** `"2025-06-18 17:40:00"`: the instant in Ulaanbaatar wall-clock time, as the API writes it. */
export function ulaanbaatarTime(ms: number): string {
  return new Date(ms + UB_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function localOf(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = parseOcdsDate(iso);
  return Number.isNaN(ms) ? null : ulaanbaatarTime(ms);
}

/** A decimal string with two places, the way the API writes `totalBudget`. */
function decimal(amount: number | null): string | null {
  return amount === null ? null : amount.toFixed(2);
}

const roundThousand = (x: number): number => Math.round(x / 1000) * 1000;

/**
 * The buyer's initials, as in tender codes (`ЗТХЯ` for "Зам, тээврийн хөгжлийн яам"); the scenario's
 * "(зохиомол)" marking is left out of the initials but stays in `budgetEntityName`.
 */
export function initials(name: string): string {
  return name
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s,.-]+/u)
    .filter((word) => word !== '')
    .map((word) => (/^\d+$/.test(word) ? word : (word[0] ?? '').toLocaleUpperCase('mn')))
    .join('');
}

/** A served process: eligible, with its compiled state and publication instant. */
interface Candidate {
  readonly ocid: string;
  readonly compiled: JsonObject;
  readonly publishMs: number;
}

const SERVED_TENDER_STATUSES = new Set(Object.keys(DOC_STATUS_BY_TENDER_STATUS));

/**
 * A process is served when its tender was published (status active, complete, cancelled or
 * unsuccessful, with a tender period start) and every award it has is active: the bidder list can say
 * "selected" but not "award pending" or "award cancelled", and a replay that invented such statuses would
 * test nothing real.
 */
function candidate(ocid: string, compiled: JsonObject): Candidate | null {
  const tender = field(compiled, 'tender');
  const status = text(tender, 'status');
  if (status === null || !SERVED_TENDER_STATUSES.has(status)) return null;
  const start = text(field(tender, 'tenderPeriod'), 'startDate');
  const publishMs = start === null ? NaN : parseOcdsDate(start);
  if (Number.isNaN(publishMs)) return null;
  if (list(compiled, 'awards').some((a) => text(a, 'status') !== 'active')) return null;
  return { ocid, compiled, publishMs };
}

/** Bidders: the tender's tenderers in their order, the award's suppliers selected. */
function biddersOf(
  c: Candidate,
  ids: { tenderId: number; index: number; notice: string },
  counters: { bid: number; suppliers: Map<string, number> },
): BidderRow[] {
  const { compiled } = c;
  const parties = new Map(list(compiled, 'parties').map((p) => [idOf(p), p]));
  const awards = list(compiled, 'awards');
  const award = awards[0];
  const awardValue = amountOf(award, 'value');
  const tenderValue = amountOf(field(compiled, 'tender'), 'value');
  const winners = new Set(awards.flatMap((a) => list(a, 'suppliers').map(idOf)));
  const notice = localOf(text(award, 'date'));
  const tenderers = list(field(compiled, 'tender'), 'tenderers');
  let losers = 0;
  return tenderers.map((ref, rank): BidderRow => {
    const partyId = idOf(ref);
    const party = parties.get(partyId);
    const registerNumber = text(field(party, 'identifier'), 'id');
    const supplierKey = registerNumber ?? partyId ?? `${ids.tenderId}-${rank}`;
    let supplierId = counters.suppliers.get(supplierKey);
    if (supplierId === undefined) {
      supplierId = 5001 + counters.suppliers.size;
      counters.suppliers.set(supplierKey, supplierId);
    }
    const selected = winners.has(partyId);
    // Prices: the award value for the winner (every other invitation with a discount, so that both
    // `discountedAmount` and `openedBidderPrice` carry it somewhere); fictional offers above it for the
    // others, or around the estimate when nobody won.
    const discounted = selected && awardValue !== null && ids.index % 2 === 0;
    let opened: number;
    if (selected && awardValue !== null) opened = discounted ? roundThousand(awardValue * 1.02) : awardValue;
    else if (awardValue !== null) opened = roundThousand(awardValue * (1.04 + 0.03 * ++losers));
    else opened = roundThousand((tenderValue ?? 0) * (0.93 + 0.04 * rank));
    return {
      bidderTenderId: ids.tenderId * 100 + rank + 1,
      bidderId: 1001 + counters.bid++,
      supplierId,
      supplierName: text(party, 'name') ?? text(ref, 'name'),
      registerNumber,
      openedBidderPrice: opened,
      discountedAmount: discounted ? decimal(awardValue) : null,
      wfmStatusCode: selected ? SELECTED.code : NOT_SELECTED.code,
      wfmStatusName: selected ? SELECTED.name : NOT_SELECTED.name,
      commentText: selected
        ? 'Хамгийн сайн үнэлэгдсэн тендер'
        : awardValue === null
          ? 'Шаардлагад нийцээгүй'
          : 'Хамгийн сайн үнэлэгдсэн тендер биш',
      noticeDateString: notice,
      guaranteeText: null,
      fileId: null,
      fileName: null,
      x_fictional: ids.notice,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reading the OCDS file. `ocds-data.ts` loads OCDS for the `/ocds` module, but it imports `types.ts`, which
// names this module's options: importing it from here would close an import cycle. Releases are all this
// module needs, so it reads them itself.

/** Builds every row from the OCDS file at `path`. */
export async function loadTenderMnData(path: string): Promise<TenderMnDataset> {
  const eligible: Candidate[] = [];
  for (const [ocid, releases] of [...(await readProcesses(path))].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const c = candidate(ocid, compile(releases));
    if (c !== null) eligible.push(c);
  }
  const chosen = eligible
    .filter((_, i) => i % TENDER_MN_SAMPLE_EVERY === 0)
    .sort((a, b) => a.publishMs - b.publishMs || (a.ocid < b.ocid ? -1 : 1));

  const invitations: InvitationRow[] = [];
  const bidders = new Map<number, readonly BidderRow[]>();
  const yearOf = new Map<number, number>();
  const pairs: TenderMnPair[] = [];
  const sequence = new Map<string, number>();
  const counters = { bid: 0, suppliers: new Map<string, number>() };
  chosen.forEach((c, index) => {
    const { compiled } = c;
    const tender = field(compiled, 'tender');
    const status = DOC_STATUS_BY_TENDER_STATUS[text(tender, 'status') ?? ''];
    if (status === undefined) return; // unreachable: `candidate` admits only these statuses
    // Ascending publication instants plus a strictly ascending index: unique, and in chronological order.
    const invitationId = c.publishMs + index;
    const tenderId = 30_001 + index;
    const publishDate = ulaanbaatarTime(c.publishMs);
    const year = Number(publishDate.slice(0, 4));
    const buyer = text(field(compiled, 'buyer'), 'name');
    const abbreviation = initials(buyer ?? 'ХАА');
    const key = `${abbreviation}/${year}`;
    const seq = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, seq);
    const code = `${key}/${String(seq).padStart(3, '0')}`;
    const category = text(tender, 'mainProcurementCategory');
    const receiveDate = localOf(text(field(tender, 'tenderPeriod'), 'endDate'));
    const notice = text(compiled, 'x_fictional') ?? TENDER_MN_DERIVED_NOTICE;
    invitations.push({
      invitationId,
      tenderId,
      tenderName: text(tender, 'title'),
      tenderCode: code,
      invitationNumber: code,
      totalBudget: decimal(amountOf(tender, 'value')),
      budgetEntityName: buyer,
      fundName: text(field(field(compiled, 'planning'), 'budget'), 'description'),
      ruleName: text(tender, 'procurementMethodDetails'),
      tenderTypeName: category === null ? null : (TENDER_TYPE_BY_CATEGORY[category] ?? null),
      publishDate,
      receiveDate,
      // Bids are opened when submission closes.
      openDate: receiveDate,
      docStatusName: status.name,
      docStatusCode: status.code,
      x_fictional: notice,
    });
    bidders.set(invitationId, biddersOf(c, { tenderId, index, notice }, counters));
    yearOf.set(invitationId, year);
    pairs.push({ ocid: c.ocid, invitationId, tenderId });
  });
  return { invitations, bidders, yearOf, pairs };
}
