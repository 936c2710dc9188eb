/** Data quality of a harvested feed: what it left out and what it read differently. */

/** One problem of a release that cannot be used: where in it, and what (never the value). */
export interface QuarantineReason {
  readonly path: string;
  readonly reason: string;
}

/** A quarantined release as `sources` shows it (its JSON stays in the store). */
export interface QuarantineExample {
  readonly ocid: string;
  readonly releaseId: string;
  readonly reasons: readonly QuarantineReason[];
  /** When a harvest last read it, epoch ms. */
  readonly seenAt: number;
}

/** A feed's data quality now. */
export interface DataQuality {
  /** Releases in quarantine: they cannot be used, and are kept as published with why. */
  readonly quarantined: number;
  /** Values of the listed processes' releases read differently from how they were published. */
  readonly coercions: number;
  /** The most recently read quarantined releases, newest first. */
  readonly examples: readonly QuarantineExample[];
}
