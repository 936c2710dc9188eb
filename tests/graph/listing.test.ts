import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers.js';

/**
 * The release listing is followed page by page through `links.next`; the next page is asked for as
 * soon as its link is read, while the previous one is validated. That must never change how many
 * requests the upstream gets: one per page, and a failing page's attempts once, not twice.
 */

const LIST = '{ contractingProcesses(first: 5) { totalCount } }';
const pages = (h: Harness) => h.replay.requests.filter((r) => r.path === '/ocds/releases');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('following the release listing', () => {
  it('asks for each page once, the next before the previous is validated', async () => {
    h = await startHarness({ PROCUREMENT_PAGE_SIZE: '100' });
    h.replay.faults.set('/ocds/releases', { kind: 'delay', ms: 30 });
    const res = await h.query<{ contractingProcesses: { totalCount: number } }>(LIST);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.contractingProcesses.totalCount).toBe(301);
    const seen = pages(h);
    expect(seen).toHaveLength(10); // 913 releases, 100 a page
    expect(new Set(seen.map((r) => r.query)).size).toBe(10); // no page twice
    // Each request after the first went out once the previous page had arrived.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.at).toBeGreaterThanOrEqual(seen[i - 1]!.at + 25);
    const again = await h.query(LIST);
    expect(again.body.errors).toBeUndefined();
    expect(pages(h)).toHaveLength(10); // warm: no request
  });

  it('makes a failing page’s attempts once, though it was asked for ahead', async () => {
    h = await startHarness({ PROCUREMENT_PAGE_SIZE: '100', UPSTREAM_RETRIES: '2' });
    // Every page after the first fails: the 503 rule applies once the one-off rule for page 1 is used up.
    h.replay.faults.set(/^\/ocds\/releases$/, { kind: 'status', status: 503 });
    h.replay.faults.set('/ocds/releases', { kind: 'delay', ms: 0 }, { times: 1 });
    const res = await h.query(LIST);
    expect(res.body.data?.['contractingProcesses']).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstreamStatus: 503,
    });
    const seen = pages(h);
    expect(seen.map((r) => r.status)).toEqual([200, 503, 503, 503]); // page 1, then page 2's 3 attempts
    expect(new Set(seen.slice(1).map((r) => r.query)).size).toBe(1);
  });
});
