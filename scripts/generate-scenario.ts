/**
 * Writes the fictional Mongolian OCDS scenario (see `scripts/scenario.ts`) and the fictional public
 * investment projects built on it (see `scripts/investment-scenario.ts`):
 *
 *   npx tsx scripts/generate-scenario.ts [--seed N] [--out DIR] [--investment-out DIR]
 *
 * Defaults: seed `DEFAULT_SEED`, directories `data/procurement/mn-scenario/` and
 * `data/investment/mn-scenario/`. Writes `releases.jsonl.gz` and `manifest.json` (seed, counts, checksums,
 * the zlib build), and `projects.json` (an OC4IDS project package). Running it twice gives identical bytes.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeProjects, generateProjects } from './investment-scenario.js';
import {
  DEFAULT_SEED,
  OCID_PREFIX,
  encodeJsonLines,
  encodeScenario,
  fictionalNotice,
  generateScenario,
} from './scenario.js';

/** Where the committed scenario lives, relative to the repository root. */
export const SCENARIO_DIR = 'data/procurement/mn-scenario';

/** Where the committed investment projects live, relative to the repository root. */
export const INVESTMENT_DIR = 'data/investment/mn-scenario';

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function parseSeed(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`--seed must be an integer from 0 to 4294967295, but got "${raw}".`);
  }
  return seed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, out: { type: 'string' }, 'investment-out': { type: 'string' } },
  });
  const seed = parseSeed(values.seed);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = resolve(root, values.out ?? SCENARIO_DIR);
  const investmentDir = resolve(root, values['investment-out'] ?? INVESTMENT_DIR);

  const releases = generateScenario(seed);
  const jsonl = encodeJsonLines(releases);
  const gz = encodeScenario(releases);
  const manifest = {
    description: fictionalNotice(seed),
    seed,
    ocidPrefix: OCID_PREFIX,
    processes: new Set(releases.map((r) => r.ocid)).size,
    releases: releases.length,
    file: 'releases.jsonl.gz',
    jsonLinesSha256: sha256(jsonl),
    gzipSha256: sha256(gz),
    // Deflate output may change with the zlib build; the JSON Lines checksum does not.
    zlib: process.versions.zlib,
  };

  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'releases.jsonl.gz'), gz);
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(
    `Wrote ${manifest.releases} releases of ${manifest.processes} processes (seed ${seed}) to ${outDir}\n`,
  );

  // The projects draw from their own stream, so the procurement bytes above do not depend on them.
  const projects = generateProjects(seed, releases);
  await mkdir(investmentDir, { recursive: true });
  await writeFile(join(investmentDir, 'projects.json'), encodeProjects(projects));
  process.stdout.write(
    `Wrote ${projects.projects.length} investment projects (seed ${seed}) to ${investmentDir}\n`,
  );
}

await main();
