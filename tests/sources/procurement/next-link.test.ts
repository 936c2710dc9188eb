import { describe, expect, it } from 'vitest';
import { feedNextLink, readFeedPage } from '../../../src/sources/procurement/harvest.js';

/**
 * `links.next` of a feed page: followed on the configured origin only (SSRF guard); a link elsewhere ends
 * the walk at this page and names that origin, never its path or query.
 */

const ORIGIN = 'https://ocds.example.mn';
const page = (next: unknown) => ({ version: '1.1', releases: [], links: { next } });

describe('feedNextLink', () => {
  it('follows a link on the configured origin', () => {
    const link = feedNextLink(page(`${ORIGIN}/releases?cursor=abc`), ORIGIN);
    expect(link.next?.href).toBe(`${ORIGIN}/releases?cursor=abc`);
    expect(link.offOrigin).toBeNull();
  });

  it('ends at the last page', () => {
    expect(feedNextLink({ releases: [] }, ORIGIN)).toEqual({ next: null, offOrigin: null });
    expect(feedNextLink(page(null), ORIGIN)).toEqual({ next: null, offOrigin: null });
    expect(feedNextLink([], ORIGIN)).toEqual({ next: null, offOrigin: null });
  });

  it('ends at a link to another origin, naming the origin only', () => {
    const elsewhere = 'https://user:pw@mirror.example.org:8443/releases?cursor=abc&token=s3cret';
    expect(feedNextLink(page(elsewhere), ORIGIN)).toEqual({
      next: null,
      offOrigin: 'https://mirror.example.org:8443',
    });
    // Another scheme or port of the same host is another origin too.
    expect(feedNextLink(page('http://ocds.example.mn/releases'), ORIGIN).offOrigin).toBe(
      'http://ocds.example.mn',
    );
    // An origin without a host (file:, data:) is named by its scheme.
    expect(feedNextLink(page('file:///etc/passwd'), ORIGIN)).toEqual({ next: null, offOrigin: 'file:' });
  });

  it('refuses a link that is not a URL', () => {
    expect(() => feedNextLink(page(42), ORIGIN)).toThrow('links.next is not a URL');
    expect(() => feedNextLink(page('/releases?cursor=abc'), ORIGIN)).toThrow('links.next is not a URL');
  });
});

describe('readFeedPage', () => {
  it('reads a page whose link leaves the origin, with no next page', () => {
    const read = readFeedPage(page('https://mirror.example.org/releases'), ORIGIN);
    expect(read.next).toBeNull();
    expect(read.releases).toEqual([]);
  });
});
