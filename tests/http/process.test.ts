import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir } from '../helpers.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { eventually } from '../eventually.js';
import { spawnMain } from '../replica-process.js';

/**
 * `npm start` as an operator runs it: src/main.ts in its own Node process, with NODE_ENV=production
 * (under which Apollo Server would otherwise install signal handlers of its own). SIGTERM must drain: a
 * request in flight still gets its whole answer, then the process exits 0 and says what it did. A port
 * already in use is a sentence and exit status 2, not a stack trace.
 */

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

function startMain(env: Record<string, string>): Child {
  const main = spawnMain({
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATA_DIR: freshDataDir(),
    ...env,
  });
  return { ...main, process: main.child };
}

let replay: ReplayServer;
const children: Child[] = [];
beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
    await c.exited;
  }
  replay.faults.clear();
});
afterAll(async () => {
  await replay.close();
});

describe('the gateway process', () => {
  it('on SIGTERM finishes the request in flight, then exits 0 saying so', async () => {
    // Procurement from this test's replay server, whose record route answers only after 3 s; every
    // other source from the gateway's own embedded replay.
    replay.faults.set('/ocds/records', { kind: 'delay', ms: 3000 });
    // Nothing harvested (the lookup is read live from the record) and a deadline far past the delay: on a
    // busy machine a first harvest's CPU could otherwise hold the answer past the default deadline.
    const child = startMain({
      PORT: '0',
      HOST: '127.0.0.1',
      PROCUREMENT_URL: `${replay.url}/ocds`,
      HARVEST: 'false',
      UPSTREAM_ATTEMPT_DEADLINE_MS: '15000',
    });
    children.push(child);
    const url = await eventually(
      () => {
        const found = /GraphiQL at (http:\/\/\S+)\/graphql/.exec(child.stdout());
        if (found?.[1] === undefined) throw new Error(`not listening yet: ${child.stderr()}`);
        return found[1];
      },
      { what: 'the gateway to listen' },
    );
    const answer = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ contractingProcess(ocid: "ocds-213czf-000-00001") { ocid } }' }),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));
    await eventually(() => expect(replay.inFlight({ pathPrefix: '/ocds/records' })).toBe(1), {
      what: 'the upstream call to be under way',
    });
    child.process.kill('SIGTERM');
    expect(await answer).toEqual({
      status: 200,
      body: expect.objectContaining({ data: { contractingProcess: { ocid: 'ocds-213czf-000-00001' } } }),
    });
    expect(await child.exited).toBe(0);
    expect(child.stderr()).toMatch(/SIGTERM, finishing requests in flight \(at most 20000 ms\)/);
  });

  it('refuses a port already in use with a sentence and exit status 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const child = startMain({ PORT: String(port), HOST: '127.0.0.1' });
      children.push(child);
      expect(await child.exited).toBe(2);
      expect(child.stderr()).toContain(
        `Port ${port} on 127.0.0.1 is already in use: stop what listens there, or set PORT to a free port.`,
      );
      expect(child.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
