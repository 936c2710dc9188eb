/**
 * After every test file: no socket and no listening server may be left open (docs/reliability.md §12c:
 * no open handles, all sockets closed at teardown). Closing is asynchronous, so the check polls up
 * to 200 times, 50 ms apart, for the last sockets to go: generous on a busy machine, where the polls
 * themselves come late, and only a leak ever uses them all.
 */
import { afterAll, expect } from 'vitest';

const NETWORK = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'UDPWrap']);

afterAll(async () => {
  const open = () => process.getActiveResourcesInfo().filter((r) => NETWORK.has(r));
  for (let polls = 0; open().length > 0 && polls < 200; polls += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(open(), 'sockets or servers left open by this file').toEqual([]);
});
