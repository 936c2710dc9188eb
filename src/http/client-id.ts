import type { IncomingMessage } from 'node:http';
import { isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * Who sent a request, as the upstream queues take turns by it (src/upstream/fair-queue.ts): the peer's
 * address. Only what the connection proves counts: a header a client writes itself (`X-Forwarded-For`)
 * would let one client pass for as many as it likes. The endpoint passes a better id when it has one: a
 * verified API key's holder, or the address trusted proxies forwarded (`clientAddressOf`).
 */
export function clientIdOf(req: IncomingMessage): string {
  return clientOfAddress(req.socket.remoteAddress);
}

/**
 * The client's address as a client id, with `trustProxyHops` reverse proxies in front of the gateway
 * (`TRUST_PROXY_HOPS`): with 0 the peer's address, and `X-Forwarded-For` is never read; with n, the n-th
 * address from the right of `X-Forwarded-For`, the one the outermost trusted proxy saw. Each proxy
 * appends the address it was connected from, so only the last n entries were written by proxies; those
 * further left are whatever the client sent.
 */
export function clientAddressOf(req: IncomingMessage, trustProxyHops: number): string {
  const forwarded =
    trustProxyHops > 0 ? forwardedAddress(req.headers['x-forwarded-for'], trustProxyHops) : undefined;
  return clientOfAddress(forwarded ?? req.socket.remoteAddress);
}

/**
 * The n-th address from the right of `X-Forwarded-For` (several header lines read as one list). With
 * fewer entries than hops the request came in past the outer proxies, and the leftmost entry is the
 * address the first proxy it met saw. `undefined` when there is no usable entry there (none, or not an
 * IP address, such as `unknown`): the peer's address is used instead.
 */
export function forwardedAddress(
  header: string | readonly string[] | undefined,
  hops: number,
): string | undefined {
  if (header === undefined || hops <= 0) return undefined;
  const entries = (typeof header === 'string' ? header : header.join(','))
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) return undefined;
  const entry = entries[Math.max(0, entries.length - hops)]!;
  return bareAddress(entry);
}

/** An address as proxies write it (`1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:443`), bare. */
function bareAddress(entry: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  const candidate = bracketed?.[1] ?? (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(entry) ? entry.split(':')[0]! : entry);
  return isIP(candidate.split('%')[0]!) === 0 ? undefined : candidate;
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
