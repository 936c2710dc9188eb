import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Who sent a request, as the upstream queues take turns by it (src/upstream/fair-queue.ts): the peer's
 * address. Only what the connection proves counts: the gateway has no API keys to verify, and a header a
 * client writes itself (a key, `X-Forwarded-For`) would let one client pass for as many as it likes.
 * Behind a reverse proxy every request therefore shares the proxy's turn.
 */
export function clientIdOf(req: IncomingMessage): string {
  return clientOfAddress(req.socket.remoteAddress);
}

/**
 * An address as a client id: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4 form), IPv6 as its
 * /64 prefix, since one host is commonly given a whole /64 and could otherwise take a new turn with
 * every address in it.
 */
export function clientOfAddress(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null && isIPv4(mapped[1]!)) return mapped[1]!;
  const bare = address.split('%')[0]!; // a zone index (`fe80::1%eth0`) names an interface, not a host
  if (!isIPv6(bare)) return address;
  return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const parts = (s: string): string[] =>
    s === '' ? [] : s.split(':').flatMap((p) => (p.includes('.') ? dottedToGroups(p) : [p]));
  const front = parts(head);
  const back = tail === undefined ? [] : parts(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...zeros, ...back].map((g) => parseInt(g, 16).toString(16));
}

/** An embedded IPv4 tail (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) as its two groups. */
function dottedToGroups(dotted: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
