/**
 * Hand-made, fictional procurement releases for the store's tests, and the compile function the tests
 * hand to `ProcessStore.applyReleases`: a small pure function from the releases' raw JSON to a
 * `ContractingProcess` (the latest release's fields win). It is the tests' input, not the gateway's OCDS
 * merge. Ocids use the prefix `ocds-09test-`; organisations are fictional, with register numbers
 * beginning with 09, and say so in their names.
 */
import type { ContractingProcess, Money, Party, PartyRef } from '../../src/domain/index.js';
import type { Compile, RawRelease } from '../../src/store/index.js';

/** A fictional organisation: its register number (09…) and its name. */
export interface TestOrg {
  readonly regno: string;
  readonly name: string;
}

/** One release in the tests' own small format (serialised as the raw JSON the store keeps). */
export interface TestRelease {
  readonly ocid: string;
  readonly id?: string;
  readonly date: string | null;
  readonly status?: string;
  readonly method?: string;
  readonly value?: Money;
  readonly buyer?: TestOrg;
  readonly suppliers?: readonly TestOrg[];
  readonly tenderers?: readonly TestOrg[];
  readonly title?: string;
}

/** The ocid of test process `n`: `ocds-09test-0007` and so on. */
export const ocid = (n: number): string => `ocds-09test-${String(n).padStart(4, '0')}`;

/** Fictional organisations (register numbers beginning with 09). */
export const ORG = {
  city: { regno: '0900001', name: 'Улаанбаатар хотын Захирагчийн ажлын алба (зохиомол)' },
  aimag: { regno: '0900002', name: 'Өмнөговь аймгийн Засаг даргын Тамгын газар (зохиомол)' },
  roads: { regno: '0900011', name: 'Зам Барилга ХХК (fictional)' },
  green: { regno: '0900012', name: '100% Ногоон ХХК (fictional)' },
  under: { regno: '0900013', name: 'Ус_Дулаан ХХК (fictional)' },
  slash: { regno: '0900014', name: 'Back\\Slash LLC (fictional)' },
} as const satisfies Record<string, TestOrg>;

/** The party id a release gives an organisation. */
export const partyId = (org: TestOrg): string => `MN-CR-${org.regno}`;

/** A release as the store takes it. */
export function raw(r: TestRelease): RawRelease {
  return { ocid: r.ocid, id: r.id ?? `${r.ocid}-r1`, date: r.date, raw: JSON.stringify(r) };
}

function party(org: TestOrg, role: string): Party {
  return {
    id: partyId(org),
    name: org.name,
    identifier: { scheme: 'MN-CR', id: org.regno, legalName: org.name, uri: null },
    additionalIdentifiers: [],
    roles: [role],
    address: null,
  };
}

const ref = (p: Party): PartyRef => ({ id: p.id, name: p.name, party: p });

/** Releases of one ocid, oldest first (undated first); the latest's fields win. */
export const compile: Compile = (id, raws) => {
  const releases = raws
    .map((r) => JSON.parse(r) as TestRelease)
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const last = releases.at(-1);
  if (last === undefined) return null;
  const buyer = last.buyer === undefined ? null : party(last.buyer, 'buyer');
  const suppliers = (last.suppliers ?? []).map((o) => party(o, 'supplier'));
  const tenderers = (last.tenderers ?? []).map((o) => party(o, 'tenderer'));
  return {
    ocid: id,
    date: last.date,
    tag: ['compiled'],
    initiationType: 'tender',
    language: 'mn',
    buyer: buyer === null ? null : ref(buyer),
    parties: [...(buyer === null ? [] : [buyer]), ...suppliers, ...tenderers],
    planning: null,
    tender: {
      id: `${id}-tender`,
      title: last.title ?? null,
      description: null,
      status: last.status ?? null,
      procuringEntity: buyer === null ? null : ref(buyer),
      items: [],
      value: last.value ?? null,
      minValue: null,
      procurementMethod: last.method ?? null,
      procurementMethodDetails: null,
      procurementMethodRationale: null,
      mainProcurementCategory: null,
      additionalProcurementCategories: [],
      awardCriteria: null,
      submissionMethod: [],
      tenderPeriod: null,
      enquiryPeriod: null,
      awardPeriod: null,
      contractPeriod: null,
      numberOfTenderers: tenderers.length,
      tenderers: tenderers.map(ref),
      documents: [],
      milestones: [],
    },
    awards:
      suppliers.length === 0
        ? []
        : [
            {
              id: `${id}-award`,
              title: null,
              description: null,
              status: 'active',
              date: last.date,
              value: null,
              suppliers: suppliers.map(ref),
              items: [],
              contractPeriod: null,
              documents: [],
            },
          ],
    contracts: [],
    releaseCount: releases.length,
    compiledByGateway: true,
    provenance: {
      publisher: 'Fictional test publisher',
      license: null,
      packageUri: null,
      publishedDate: null,
      fictional: true,
      notice: 'Fictional data made for the store tests.',
    },
    dataNotes: [],
    coercions: 0,
  } satisfies ContractingProcess;
};
