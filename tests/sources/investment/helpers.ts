/**
 * Shared set-up of the investment source tests: the data files as the tests read them (their own reading,
 * independent of the source's), and an upstream source pointed at a running replay server with a fresh
 * cache.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ReplayServer } from '../../../src/replay/index.js';
import { HttpClient, UpstreamCache, UpstreamError, UpstreamSource } from '../../../src/upstream/index.js';
import type { SourcePolicy } from '../../../src/config.js';
import { config, policy } from '../helpers.js';

export { config, policy };

const root = (relative: string): URL => new URL(`../../../${relative}`, import.meta.url);

/** The committed fictional projects. */
export const PROJECTS_FILE = root('data/investment/mn-scenario/projects.json');
/** The OC4IDS standard's worked example. */
export const EXAMPLE_FILE = root('data/investment/oc4ids-0.9.4/example-project-package.json');

/** The project package shape the tests read. */
export interface TestPackage {
  readonly publishedDate?: string;
  readonly x_fictional?: string;
  readonly projects: readonly TestProject[];
}

export interface TestValue {
  readonly amount: number;
  readonly currency: string;
}

export interface TestLine {
  readonly id: string;
  readonly amount?: TestValue;
  readonly period?: { readonly startDate?: string; readonly endDate?: string };
  readonly sourceParty?: { readonly id?: string; readonly name?: string };
  readonly x_fundingSource?: string;
}

export interface TestParty {
  readonly id: string;
  readonly name?: string;
  readonly identifier?: { readonly scheme?: string; readonly id?: string };
  readonly roles?: readonly string[];
}

export interface TestProject {
  readonly id: string;
  readonly title?: string;
  readonly status?: string;
  readonly updated?: string;
  readonly budget?: {
    readonly amount?: TestValue;
    readonly budgetBreakdowns?: readonly { readonly budgetBreakdown?: readonly TestLine[] }[];
  };
  readonly parties?: readonly TestParty[];
  readonly contractingProcesses?: readonly {
    readonly id: string;
    readonly summary?: { readonly ocid?: string };
  }[];
  readonly x_fictional?: string;
}

export function readPackage(file: URL): TestPackage {
  return JSON.parse(readFileSync(file, 'utf8')) as TestPackage;
}

export const projectsFile = readPackage(PROJECTS_FILE);

/** Every budget line of a project, across its breakdown groups. */
export function linesOf(project: TestProject): TestLine[] {
  return (project.budget?.budgetBreakdowns ?? []).flatMap((group) => group.budgetBreakdown ?? []);
}

/** The register number of a party as the test reads it: the MN-CR identifier's id, nothing else. */
export function mnCrOf(party: TestParty): string | null {
  return party.identifier?.scheme === 'MN-CR' ? (party.identifier.id ?? null) : null;
}

/** Every ocid of the procurement scenario file. */
export function scenarioOcids(): Set<string> {
  const text = gunzipSync(readFileSync(root('data/procurement/mn-scenario/releases.jsonl.gz'))).toString(
    'utf8',
  );
  return new Set(
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { ocid: string }).ocid),
  );
}

/** Writes `value` as JSON to a fresh temporary file and returns its path. */
export function tempJson(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'investment-test-')), 'projects.json');
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** The investment upstream of `replay` (`/investment`), with its own cache and HTTP pool. */
export function investmentUpstream(
  replay: ReplayServer,
  sourcePolicy: SourcePolicy = policy(),
): { readonly source: UpstreamSource; close(): Promise<void> } {
  const http = new HttpClient(config.http);
  const source = new UpstreamSource({
    name: 'INVESTMENT',
    baseUrl: new URL(`${replay.url}/investment`),
    policy: sourcePolicy,
    http,
    cache: new UpstreamCache(config.cache),
    httpPolicy: config.http,
  });
  return { source, close: () => http.close() };
}

/** The `UpstreamError` a promise rejects with. */
export async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const thrown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(UpstreamError);
  return thrown as UpstreamError;
}
