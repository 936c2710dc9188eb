/**
 * Loads the OC4IDS project package the `/investment` module serves, once, at start-up. Only what routing
 * needs is checked (an object with a `projects` array of objects with distinct string ids); the rest is
 * served as published, since checking it is the gateway's job.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** The fictional Mongolian projects of `scripts/generate-scenario.ts` (absolute path). */
export const EMBEDDED_INVESTMENT_FILE = fileURLToPath(
  new URL('../../data/investment/mn-scenario/projects.json', import.meta.url),
);

/** The loaded package, indexed by project id. */
export interface InvestmentDataset {
  readonly path: string;
  /** The package as published (with `x_fictional` injected where asked), projects in file order. */
  readonly package: JsonObject;
  readonly byId: ReadonlyMap<string, JsonObject>;
  /** `publishedDate` as epoch ms, `null` when absent or not a date. */
  readonly publishedMs: number | null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An OC4IDS date-time as epoch ms; `null` for anything that is not one. */
export function dateMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Reads an OC4IDS project package. `fictionalNotice`, when given, is set as `x_fictional` on every project
 * that carries none (the OC4IDS standard's worked example is fictional but says so nowhere in its data).
 * Rejects with a sentence naming the file when it cannot be served.
 */
export async function loadInvestmentDataset(
  path: string,
  fictionalNotice?: string,
): Promise<InvestmentDataset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`Cannot read the investment file ${path}: ${reason}`, { cause: e });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`The investment file ${path} is not JSON (${reason}).`, { cause: e });
  }
  if (!isObject(parsed) || !Array.isArray(parsed['projects'])) {
    throw new Error(
      `The investment file ${path} is not an OC4IDS project package: it has no "projects" array.`,
    );
  }
  const byId = new Map<string, JsonObject>();
  const projects = (parsed['projects'] as unknown[]).map((project, i) => {
    if (!isObject(project) || typeof project['id'] !== 'string' || project['id'] === '') {
      throw new Error(`The investment file ${path}: projects[${i}] has no "id" string.`);
    }
    if (byId.has(project['id'])) {
      throw new Error(`The investment file ${path}: project id ${JSON.stringify(project['id'])} repeats.`);
    }
    const served =
      fictionalNotice === undefined || 'x_fictional' in project
        ? project
        : { ...project, x_fictional: fictionalNotice };
    byId.set(project['id'], served);
    return served;
  });
  const pkg: JsonObject = { ...parsed, projects };
  return { path, package: pkg, byId, publishedMs: dateMs(pkg['publishedDate']) };
}
