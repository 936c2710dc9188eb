/**
 * Legal entities and what the registry and EITI say about them. An organisation is keyed by its
 * state registration number (7 digits; org-id.guide scheme `MN-CR`). No GraphQL and no HTTP here.
 */
import type { Money } from './procurement.js';

/** The org-id.guide scheme of Mongolian state registration numbers. */
export const MN_CR = 'MN-CR';

/**
 * Legal forms (Хэлбэр) of the register, as an enum with `OTHER` for the tail; the raw code is always
 * kept beside it (docs/upstreams.md "Legal forms"). Meanings marked inferred there stay inferred here.
 */
export type LegalForm =
  | 'LLC' // ХХК
  | 'LLC_FOREIGN_INVESTED' // ХХК /ГХО/
  | 'LLC_NON_BANK_FINANCIAL' // ХХК /ББСБ/
  | 'LLC_AUDIT' // ХХК /Аудит/
  | 'LLC_INSURANCE' // ХХК /Даатгал/
  | 'LLC_BANK' // ХХК /Банк/
  | 'JOINT_STOCK_COMPANY' // ХК
  | 'STATE_OWNED_JSC' // ТӨХК
  | 'STATE_OWNED' // Төрийн өмчит
  | 'LOCALLY_OWNED' // Орон нутгийн өмчит
  | 'BUDGET_ORGANISATION' // ТБАГУТҮГ
  | 'NGO_PUBLIC_BENEFIT' // НҮТББ
  | 'NGO_MEMBER_BENEFIT' // ГҮТББ
  | 'COOPERATIVE' // Хоршоо, Хоршоо /дундын/
  | 'SAVINGS_CREDIT_COOPERATIVE' // Хоршоо /ХЗХ/
  | 'PARTNERSHIP' // Нөхөрлөл /ЗБН/, /ББН/, /ХХН/
  | 'FOUNDATION' // Сан
  | 'TRADE_UNION' // ҮЭБ
  | 'MEDIA_ORGANISATION' // ХМБ
  | 'EDUCATIONAL_ORGANISATION' // БСБ
  | 'RELIGIOUS_ORGANISATION' // ШБ
  | 'FREE_ZONE_ENTITY' // Алтанбулаг / Замын-Үүд чөлөөт бүс
  | 'OTHER';

/** One legal entity as the register lists it. */
export interface RegistryEntity {
  /** 7 digits (a few historic numbers in the extract are shorter; they are kept as the register has them). */
  readonly registerNumber: string;
  readonly name: string;
  readonly legalForm: LegalForm;
  /** The register's own legal-form code, e.g. `ХХК /ГХО/`. */
  readonly legalFormRaw: string;
  /** Registration date, when the upstream gives one (ISO 8601 date). */
  readonly registeredOn: string | null;
  /** True for the gateway's fictional sample companies (register numbers beginning with 09). */
  readonly fictional: boolean;
  /**
   * When a harvest found the register's dump no longer listing the entity (epoch ms); absent or `null`
   * while it is listed. A withdrawn entity is kept, answered by number and left out of name search.
   */
  readonly withdrawnAt?: number | null;
}

/** One match of a name search. */
export interface SearchHit {
  readonly registerNumber: string;
  /** Higher is better; 1 is an exact match of the whole normalised name. */
  readonly score: number;
  /** The form of the query (or name) that matched, e.g. the Cyrillic spelling a Latin query became. */
  readonly matchedVariant: string;
}

/**
 * A BODS 0.4-shaped ownership or control relationship of an entity (subject). Natural persons carry a
 * name and nationality only: never a citizen register number, never an address.
 */
export interface OwnershipRelationship {
  readonly statementId: string;
  readonly subjectRegisterNumber: string | null;
  readonly subjectName: string | null;
  readonly interestedParty: InterestedParty;
  readonly interests: readonly OwnershipInterest[];
  /** True when the relationship has ended (BODS `recordStatus: closed` or an interest `endDate`). */
  readonly closed: boolean;
  readonly statementDate: string | null;
  readonly fictional: boolean;
}

export interface InterestedParty {
  readonly kind: 'PERSON' | 'ENTITY' | 'UNKNOWN';
  readonly name: string | null;
  /** Register number of an interested legal entity with an `MN-CR` identifier. */
  readonly registerNumber: string | null;
  /** Other identifiers of an interested legal entity (never of a person). */
  readonly identifiers: readonly { readonly scheme: string | null; readonly id: string | null }[];
  /** ISO 3166-1 alpha-2 codes (nationality for persons, jurisdiction for entities). */
  readonly countries: readonly string[];
}

export interface OwnershipInterest {
  /** BODS interestType code, e.g. `shareholding`, `votingRights`, `otherInfluenceOrControl`. */
  readonly type: string;
  readonly directOrIndirect: string | null;
  readonly beneficialOwnershipOrControl: boolean | null;
  readonly shareExact: number | null;
  readonly shareMin: number | null;
  readonly shareMax: number | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/** One EITI organisation record: an id per company **per reporting year** (never the company itself). */
export interface EitiOrganisation {
  readonly id: string;
  readonly year: number;
  readonly label: string;
  /** The identification as EITI published it (for Mongolia, normally the register number). */
  readonly identification: string;
}

/** One company payment or revenue stream reported to EITI. */
export interface EitiPayment {
  readonly id: string;
  readonly organisationId: string;
  readonly year: number | null;
  /** Revenue stream name, e.g. "Royalties". */
  readonly stream: string | null;
  readonly gfsCode: string | null;
  readonly gfsLabel: string | null;
  /** Amount with its currency; never summed across currencies. */
  readonly value: Money | null;
  readonly governmentEntity: string | null;
  readonly paidInKind: boolean | null;
}

/** A company-year that filed an EITI Mongolia e-report. */
export interface EitiReport {
  readonly year: number;
  readonly registerNumber: string;
  /** EITI Mongolia's own company id. */
  readonly companyId: string;
  readonly companyName: string | null;
}

/** A mineral licence held by a company (EITI Mongolia licence map). */
export interface MineralLicence {
  /** As published, e.g. `MV-00021252`. */
  readonly number: string;
  /** For matching: prefix + "-" + the number without leading zeros, e.g. `MV-21252`. */
  readonly normalisedNumber: string;
  readonly registerNumber: string;
  readonly holderName: string | null;
  readonly mineral: string | null;
  readonly mineralEn: string | null;
  readonly areaName: string | null;
  readonly soum: string | null;
  readonly grantedOn: string | null;
  readonly expiresOn: string | null;
  readonly areaHectares: number | null;
}
