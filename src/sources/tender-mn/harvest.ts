/**
 * What the harvester needs of tender.gov.mn, as pure functions: the tender-year windows the invitation list
 * is read by (`tenderYear` is the only date filter the API has), the audit copy of one invitation as the
 * store keeps it, when a bidder list must be asked for again, and the cursor a pass resumes from.
 */
import type { Invitation } from './payload.js';

/** Mongolia's offset from UTC in ms, as the API's wall-clock times are read (`dates.ts`). */
const ULAANBAATAR_OFFSET_MS = 8 * 3600 * 1000;

/** The year an instant falls in, in Ulaanbaatar: the current tender year at `ms`. */
export function ulaanbaatarYear(ms: number): number {
  return new Date(ms + ULAANBAATAR_OFFSET_MS).getUTCFullYear();
}

/**
 * The year an invitation was published, in Ulaanbaatar: its `publishDate`, or else the instant its id
 * stands for (ids are epoch milliseconds). Where the first harvest starts, from the oldest invitation.
 */
export function publicationYear(row: Invitation): number {
  const year = row.publishDate === null ? NaN : Number(row.publishDate.slice(0, 4));
  return Number.isInteger(year) ? year : ulaanbaatarYear(row.invitationId);
}

/**
 * The store's copy of one invitation, for audit and for the next pass's comparison: the window it was
 * listed under, its row and its bidder list exactly as parsed from the upstream's bodies (JSON text), and
 * when that bidder list was read (epoch ms; `null` when it never was).
 */
export interface InvitationRecord {
  readonly window: number;
  readonly invitation: string;
  readonly bidders: string | null;
  readonly biddersReadAt: number | null;
}

/** An `InvitationRecord` as the JSON text the store keeps (the parts are JSON already: spliced, not re-encoded). */
export function recordText(r: InvitationRecord): string {
  return (
    `{"window":${r.window},"invitation":${r.invitation},` +
    `"bidders":${r.bidders ?? 'null'},"biddersReadAt":${r.biddersReadAt ?? 'null'}}`
  );
}

/**
 * Reads back what `recordText` wrote; `null` for text of another shape (a store written by another version
 * of this code), which the harvest then treats as a new invitation. The parts come back byte for byte:
 * they were written by `JSON.stringify`, which a parse and a second stringify reproduce.
 */
export function readRecord(text: string): InvitationRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const o = parsed as Record<string, unknown>;
  const { window, invitation, bidders, biddersReadAt } = o;
  if (typeof window !== 'number' || typeof invitation !== 'object' || invitation === null) return null;
  if (biddersReadAt !== null && typeof biddersReadAt !== 'number') return null;
  return {
    window,
    invitation: JSON.stringify(invitation),
    bidders: bidders === null || bidders === undefined ? null : JSON.stringify(bidders),
    biddersReadAt: biddersReadAt ?? null,
  };
}

/**
 * Whether the harvest asks for an invitation's bidder list: never without a `tenderId` (it cannot be asked
 * for); always for an invitation new to its window or whose row changed (a status moving on is when bids
 * are opened or a supplier is selected); and once more after the bid opening (`openDate`) for a list
 * read before it. An unchanged invitation otherwise keeps the bidder list stored, so a pass over a
 * window that did not change asks for its page alone.
 */
export function needsBidders(
  row: Invitation,
  raw: string,
  stored: InvitationRecord | null,
  now: number,
): boolean {
  if (row.tenderId == null) return false;
  if (stored === null || stored.invitation !== raw || stored.biddersReadAt === null) return true;
  const opens = row.openDate === null ? NaN : Date.parse(row.openDate);
  return !Number.isNaN(opens) && stored.biddersReadAt < opens && opens <= now;
}

/** Where a pass is, and so where an interrupted one resumes. */
export interface HarvestCursor {
  /** The tender-year window being read. */
  readonly year: number;
  /** The next page of it to read (from 1). */
  readonly page: number;
  /** The window's `total` as the first page read in this pass gave it; `null` before that page. */
  readonly total: number | null;
  /** A later page gave another `total`: rows may have moved across pages, so nothing is withdrawn. */
  readonly shifted: boolean;
  /** First pass only: how many invitations the unfiltered list had, and how many the windows listed. */
  readonly expected: number | null;
  readonly listed: number;
}

/** The start of window `year`. */
export function windowStart(
  year: number,
  carried: Pick<HarvestCursor, 'expected' | 'listed'> = { expected: null, listed: 0 },
): HarvestCursor {
  return { year, page: 1, total: null, shifted: false, ...carried };
}

/** A cursor as the harvest state keeps it. */
export function cursorText(c: HarvestCursor): string {
  return JSON.stringify(c);
}

/** Reads a stored cursor; `null` for none, or for text of another shape (the pass then starts afresh). */
export function readCursor(text: string | null): HarvestCursor | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const c = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<HarvestCursor>;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!whole(c.year) || !whole(c.page) || c.page < 1) return null;
  return {
    year: c.year,
    page: c.page,
    total: whole(c.total) ? c.total : null,
    shifted: c.shifted === true,
    expected: whole(c.expected) ? c.expected : null,
    listed: whole(c.listed) ? c.listed : 0,
  };
}

/** The high-water mark: the newest window a completed pass read (a year), or `null` before the first. */
export function readHighWater(text: string | null): number | null {
  return text !== null && /^\d{4}$/.test(text) ? Number(text) : null;
}
