/**
 * After every test file: no socket and no listening server may be left open (RELIABILITY.md §12c,
 * "at teardown: no open handles, all sockets closed"). Closing is asynchronous, so the check waits up
 * to two seconds for the last sockets to go.
 */
import { afterAll, expect } from 'vitest';

const NETWORK = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'UDPWrap']);

afterAll(async () => {
  const open = () => process.getActiveResourcesInfo().filter((r) => NETWORK.has(r));
  for (let waited = 0; open().length > 0 && waited < 2000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(open(), 'sockets or servers left open by this file').toEqual([]);
});
