import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { FAST_ENV, freshDataDir, startHarness, type Harness } from '../helpers.js';

const QUERY = `{ contractingProcess(ocid: "ocds-213czf-000-00001") {
  ocid freshness { url recording { url takenAt title fictional } } } }`;

async function post(url: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as {
    data?: { contractingProcess: { freshness: { url: string; recording: Record<string, unknown> | null } } };
    extensions?: {
      freshness?: {
        sources: { source: string; recording: Record<string, unknown> | null }[];
        records: { url: string; recording?: unknown }[];
      };
    };
  };
}

describe('provenance of embedded data', () => {
  let embedded: RunningGateway;
  let configured: Harness;
  beforeAll(async () => {
    // No <SOURCE>_URL at all: every source is served by the embedded replay server.
    embedded = await startGateway({ env: { ...FAST_ENV, DATA_DIR: freshDataDir() } });
    configured = await startHarness();
  });
  afterAll(async () => {
    await embedded.close();
    await configured.close();
  });

  it('gives every embedded source its recording: a public URL and date, or a fictional title', () => {
    for (const d of CATALOG) {
      const { source, embedded: isEmbedded } = embedded.gateway.upstreams[d.key];
      expect(isEmbedded).toBe(true);
      expect(source.recording).toEqual(d.recording);
      if (d.recording.fictional) expect(d.recording.title).toMatch(/^Fictional: /);
      else {
        expect(d.recording.url).toMatch(/^https:\/\//);
        expect(d.recording.takenAt).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      }
    }
  });

  it('keeps url where the value was fetched, and says what it is a recording of', async () => {
    const body = await post(embedded.url, QUERY);
    const f = body.data?.contractingProcess.freshness;
    expect(f?.url.startsWith(embedded.replay?.url ?? '-')).toBe(true);
    expect(f?.recording).toEqual(CATALOG.find((d) => d.name === 'PROCUREMENT')?.recording);
    // Said once per source in extensions.freshness, not repeated on every record.
    const sources = body.extensions?.freshness?.sources ?? [];
    expect(sources.map((s) => s.source)).toEqual(['PROCUREMENT']);
    expect(sources[0]?.recording).toEqual(f?.recording);
    const records = body.extensions?.freshness?.records ?? [];
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r).not.toHaveProperty('recording');
  });

  it('has no recording for a configured upstream', async () => {
    const body = await post(configured.gateway.url, QUERY);
    expect(body.data?.contractingProcess.freshness.recording).toBeNull();
    const sources = body.extensions?.freshness?.sources ?? [];
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s.recording).toBeNull();
  });
});
