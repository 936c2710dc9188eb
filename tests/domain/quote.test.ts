import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUOTE_MAX_CODE_POINTS, quoteInput, showInvisible } from '../../src/domain/quote.js';

/** Characters a quote must never carry raw: controls, format (bidi, zero-width), separators, surrogates. */
const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}/u;

describe('quoteInput', () => {
  it('writes short printable input as JSON.stringify does', () => {
    for (const s of ['2657457', 'Оюутолгой', 'Мoscow😀', 'a "b" \\ c', '']) {
      expect(quoteInput(s)).toBe(JSON.stringify(s));
    }
  });

  it('escapes controls, bidi and zero-width characters, and cuts after 40 code points', () => {
    expect(quoteInput('a\r\nb\u0000')).toBe('"a\\r\\nb\\u0000"');
    expect(quoteInput('\u202eabc\u2066\u200b\ufeff\u0085\u00a0')).toBe(
      '"\\u202eabc\\u2066\\u200b\\ufeff\\u0085\\u00a0"',
    );
    expect(quoteInput('😀'.repeat(41))).toBe(`"${'😀'.repeat(40)}"…`);
    expect(quoteInput('\ud800x')).toBe('"\\ud800x"');
    expect(quoteInput('x'.repeat(10), 3)).toBe('"xxx"…');
  });

  it('gives back exactly the first 40 code points when the quoted part is parsed as JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (input) => {
        const quoted = quoteInput(input);
        const cut = quoted.endsWith('…');
        const literal = cut ? quoted.slice(0, -1) : quoted;
        const points = Array.from(input);
        expect(JSON.parse(literal)).toBe(points.slice(0, QUOTE_MAX_CODE_POINTS).join(''));
        expect(cut).toBe(points.length > QUOTE_MAX_CODE_POINTS);
        expect(literal).not.toMatch(RAW);
      }),
    );
  });
});

describe('showInvisible', () => {
  it('leaves printable text alone and escapes what cannot be seen', () => {
    expect(showInvisible('Оюутолгой 😀 "x"')).toBe('Оюутолгой 😀 "x"');
    expect(showInvisible('a\u202eb\nc')).toBe('a\\u202eb\\u000ac');
  });
});
