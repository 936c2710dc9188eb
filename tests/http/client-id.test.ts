import { describe, expect, it } from 'vitest';
import { clientOfAddress } from '../../src/http/client-id.js';

/** Who a request is from, for the upstream queues' turns (docs/reliability.md §12b row 28). */
describe('clientOfAddress', () => {
  it('keeps an IPv4 address, and reads an IPv4-mapped IPv6 address as its IPv4 form', () => {
    expect(clientOfAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(clientOfAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientOfAddress('::FFFF:127.0.0.2')).toBe('127.0.0.2');
  });

  it('takes an IPv6 address as its /64, however it is written', () => {
    const prefix = '2001:db8:1:2::/64';
    expect(clientOfAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(prefix);
    expect(clientOfAddress('2001:db8:1:2::9')).toBe(prefix);
    expect(clientOfAddress('2001:0DB8:0001:0002:0:0:0:1')).toBe(prefix);
    expect(clientOfAddress('2001:db8:1:3::9')).toBe('2001:db8:1:3::/64');
    expect(clientOfAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientOfAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientOfAddress('::')).toBe('0:0:0:0::/64');
    expect(clientOfAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientOfAddress('64:ff9b::198.51.100.1')).toBe('64:ff9b:0:0::/64');
    expect(clientOfAddress('1:2:3:4:5:6:1.2.3.4')).toBe('1:2:3:4::/64');
  });

  it('names a request whose peer is unknown (its socket already closed) as one client', () => {
    expect(clientOfAddress(undefined)).toBe('unknown');
  });
});
