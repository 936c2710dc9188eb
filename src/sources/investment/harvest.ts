/**
 * What the harvester needs of the investment source, as pure functions: reading the project package's
 * envelope (the package-level fields its projects inherit, and the list of projects left unread), then
 * each project on its own, with the source's own schema and mapping. One project that fails validation is
 * reported and skipped (its stored copy kept), never failing the rest; a package without a `projects`
 * array, or with wrong types in its own fields, is schema drift.
 */
import { z } from 'zod';
import type { InvestmentProject } from '../../domain/investment.js';
import { describeIssues } from '../../upstream/index.js';
import { toProject } from './map.js';
import { ProjectPackageSchema, ProjectSchema, type ProjectPackage } from './payload.js';

/** The package's own fields checked as the client checks them; its projects are read one by one. */
const EnvelopeSchema = ProjectPackageSchema.extend({ projects: z.array(z.unknown()) });

/** A project package with its projects still unread. */
export interface PackageEnvelope {
  /** The package's projects, as parsed JSON, in package order. */
  readonly items: readonly unknown[];
  /** The package's `x_fictional`, which its projects inherit. */
  readonly notice: ProjectPackage['x_fictional'];
  /** When the publisher says the package last changed: `publishedDate`, else the newest project `updated`. */
  readonly updatedAt: string | null;
}

/** One project of a package, read: its id, its JSON as published and its mapped form; or why not. */
export type ProjectRead =
  | { readonly ok: true; readonly raw: string; readonly project: InvestmentProject }
  | {
      readonly ok: false;
      /** The project's id when it has a readable one (its stored copy is then kept). */
      readonly id: string | null;
      readonly reason: string;
    };

/** Reads a package's envelope; throws (naming paths, never values) when it is not an OC4IDS package. */
export function readProjectPackage(json: unknown): PackageEnvelope {
  const parsed = EnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new Error(`project package: ${describeIssues(parsed.error)}`);
  const items = parsed.data.projects;
  let newest: string | null = null;
  for (const item of items) {
    const updated = (item as { updated?: unknown } | null)?.updated;
    if (typeof updated !== 'string' || Number.isNaN(Date.parse(updated))) continue;
    if (newest === null || Date.parse(updated) > Date.parse(newest)) newest = updated;
  }
  return { items, notice: parsed.data.x_fictional, updatedAt: parsed.data.publishedDate ?? newest };
}

/** Reads the project at `index` of a package, validated and mapped on its own. */
export function readProject(envelope: PackageEnvelope, index: number): ProjectRead {
  const item = envelope.items[index];
  const parsed = ProjectSchema.safeParse(item);
  if (!parsed.success) {
    const id = (item as { id?: unknown } | null)?.id;
    return {
      ok: false,
      id: typeof id === 'string' && id !== '' ? id : null,
      reason: `projects[${index}]: ${describeIssues(parsed.error)}`,
    };
  }
  return { ok: true, raw: JSON.stringify(item), project: toProject(parsed.data, envelope.notice) };
}
