import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { FAST_ENV, freshDataDir, removeDataDir } from '../helpers.js';

/**
 * `REPLAY_OCDS_FILES`: `npm start` serving a publisher's file set as the procurement upstream through the
 * embedded replay server (fictional releases here, `ocds-xxxxxx-` ocids), the rest of the embedded data
 * unchanged; a path that is not a file stops start-up naming it.
 */

const dir = mkdtempSync(join(tmpdir(), 'tg-replay-files-'));
const dataDir = freshDataDir();
let gateway: RunningGateway | undefined;
afterAll(async () => {
  await gateway?.close();
  removeDataDir(dataDir);
  rmSync(dir, { recursive: true, force: true });
});

const release = (n: number, date: string) => ({
  ocid: `ocds-xxxxxx-files-${n}`,
  id: `files-${n}-r1`,
  date,
  tag: ['tender'],
  initiationType: 'tender',
  tender: { id: `t${n}`, status: 'active', value: { amount: n * 100, currency: 'MNT' } },
  x_fictional: 'Fictional releases made for the replay-files test.',
});

describe('REPLAY_OCDS_FILES', () => {
  it('serves the named files as the procurement upstream, two files in two shapes', async () => {
    const pkg = join(dir, 'package.json');
    writeFileSync(
      pkg,
      JSON.stringify({
        version: '1.1',
        publisher: { name: 'Fictional publisher' },
        releases: [release(1, '2024-01-01T00:00:00Z')],
      }),
    );
    const lines = join(dir, 'releases.jsonl');
    writeFileSync(lines, `${JSON.stringify(release(2, '2024-02-01T00:00:00Z'))}\n`);
    gateway = await startGateway({
      env: {
        ...FAST_ENV,
        DATA_DIR: dataDir,
        REPLAY_OCDS_FILES: `${pkg}, ${lines}`,
        REGISTRY_URL: 'http://127.0.0.1:9/none',
      },
    });
    // Only the procurement harvest matters here; the other sources' embedded data is not waited for.
    await gateway.gateway.harvests.complete('PROCUREMENT');
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ contractingProcesses(first: 5) { totalCount edges { node { ocid freshness { recording { title } } } } } }',
      }),
    });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcesses.totalCount).toBe(2);
    expect(body.data.contractingProcesses.edges.map((e: any) => e.node.ocid)).toEqual([
      'ocds-xxxxxx-files-2',
      'ocds-xxxxxx-files-1',
    ]);
    // Not the embedded recording: the files speak for themselves.
    expect(body.data.contractingProcesses.edges[0].node.freshness.recording).toBeNull();
  });

  it('refuses a path that is not a readable file, naming it', () => {
    const missing = join(dir, 'no-such-file.json');
    expect(() => loadConfig({ REPLAY_OCDS_FILES: missing })).toThrow(ConfigError);
    expect(() => loadConfig({ REPLAY_OCDS_FILES: missing })).toThrow(/REPLAY_OCDS_FILES.*no-such-file\.json/);
    expect(() => loadConfig({ REPLAY_OCDS_FILES: dir })).toThrow(/not a readable file/);
  });
});
