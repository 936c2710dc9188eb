/**
 * zod schemas of tender.gov.mn's native payloads (docs/upstreams.md "tender.gov.mn API"): the open-data API's invitation page
 * and the public site's bidder list. Objects are loose, so fields the gateway does not read pass untouched.
 *
 * Field presence follows the evidence: fields the API's documentation and public clients read must be
 * present (they may be `null`: that is data; a missing key is drift), fields seen only on the undocumented
 * endpoints may be absent.
 *
 * The API's strings-for-numbers quirk (`"per_page": "5"`, `"totalBudget": "125000000.00"`; our reading of
 * the documentation's example and of public clients) is accepted as a declared, lossless coercion: a plain
 * decimal that reads back to the same text becomes a number, and a number is accepted as it is. Anything
 * else (`"abc"`, `"58,736,000.00"`, a value that would lose digits) is schema drift (`UPSTREAM_INVALID`).
 */
import { z } from 'zod';
import { parseLocalDateTime } from './dates.js';

const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d{1,2})?$/;

/** The number a plain decimal text stands for, or null when it is not one or would not survive as a double. */
export function readDecimal(text: string): number | null {
  const match = PLAIN_DECIMAL.exec(text);
  if (match === null) return null;
  const n = Number(text);
  return n.toFixed(match[2] === undefined ? 0 : match[2].length - 1) === text ? n : null;
}

/** An amount in tögrög: a non-negative number, or a decimal string (the quirk). */
const Amount = z.union([
  z.number().nonnegative(),
  z.string().transform((text, ctx) => {
    const n = readDecimal(text);
    if (n !== null) return n;
    ctx.addIssue({
      code: 'custom',
      message: 'expected a plain decimal amount such as "125000000.00"',
    });
    return z.NEVER;
  }),
]);

/** A count (`total`, `per_page`, `current_page`): a non-negative integer, or its digits as a string. */
const Count = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^(0|[1-9]\d{0,8})$/, 'an integer as digits')
    .transform(Number),
]);

/** A native id: a positive safe integer (never a string: ids are not part of the quirk). */
const NativeId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An Ulaanbaatar wall-clock date-time, decoded to ISO 8601 with `+08:00`. */
const LocalDateTime = z.string().transform((text, ctx) => {
  try {
    return parseLocalDateTime(text);
  } catch (e: unknown) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
    return z.NEVER;
  }
});

const text = z.string().nullable();

/** One invitation (`data[]` of `POST /api/invitation`), decoded. */
export const InvitationSchema = z.looseObject({
  invitationId: NativeId,
  /** Needed for the bidder list; seen on the undocumented endpoints only. */
  tenderId: NativeId.nullish(),
  tenderName: text,
  tenderCode: text,
  invitationNumber: text,
  totalBudget: Amount.nullable(),
  budgetEntityName: text,
  fundName: text.optional(),
  ruleName: text,
  tenderTypeName: text,
  publishDate: LocalDateTime.nullable(),
  receiveDate: LocalDateTime.nullable(),
  openDate: LocalDateTime.nullable(),
  docStatusName: text,
  docStatusCode: text.optional(),
  /** Set on fictional rows by the replay server; the real API has no such field. */
  x_fictional: text.optional(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

/**
 * A page of `POST /api/invitation`. The status is `return_code`; one public client also reads `returncode`,
 * so either is accepted, and anything but 200 is refused.
 */
export const InvitationPageSchema = z
  .looseObject({
    return_code: Count.optional(),
    returncode: Count.optional(),
    message: z.string().nullish(),
    total: Count,
    per_page: Count,
    current_page: Count,
    data: z.array(InvitationSchema),
  })
  .superRefine((page, ctx) => {
    const code = page.return_code ?? page.returncode;
    if (code !== 200) {
      ctx.addIssue({
        code: 'custom',
        path: ['return_code'],
        message: `return_code 200 expected, got ${code === undefined ? 'none' : String(code)}`,
      });
    }
  })
  .transform((page) => ({
    total: page.total,
    perPage: page.per_page,
    currentPage: page.current_page,
    data: page.data,
  }));
export type InvitationPage = z.infer<typeof InvitationPageSchema>;

/** One bidder (`data[]` of `POST /api/invitation-bidders`), decoded. */
export const BidderSchema = z.looseObject({
  bidderTenderId: NativeId,
  bidderId: NativeId.nullish(),
  supplierId: NativeId.nullish(),
  supplierName: text,
  /** A string: a register number read as a number would lose its leading zeros. */
  registerNumber: text,
  openedBidderPrice: Amount.nullable(),
  discountedAmount: Amount.nullish(),
  wfmStatusCode: text.optional(),
  wfmStatusName: text,
  noticeDateString: LocalDateTime.nullish(),
  x_fictional: text.optional(),
});
export type Bidder = z.infer<typeof BidderSchema>;

/** The bidder list of one invitation. */
export const BidderListSchema = z.looseObject({ data: z.array(BidderSchema) });
export type BidderList = z.infer<typeof BidderListSchema>;
