import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/domain/errors.js';
import { parseRegisterNumber } from '../../../src/sources/registry/index.js';

function rejection(input: string): GatewayError {
  try {
    parseRegisterNumber(input);
  } catch (e: unknown) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}

describe('parseRegisterNumber', () => {
  it('accepts 7 ASCII digits and trims surrounding whitespace', () => {
    expect(parseRegisterNumber('2657457')).toBe('2657457');
    expect(parseRegisterNumber('  0960021\n')).toBe('0960021');
    expect(parseRegisterNumber('\u00a02657457\t')).toBe('2657457');
  });

  it.each([
    ['158607'], // one of the extract's malformed numbers: never padded
    ['510335'],
    ['27'],
    ['УБ12345678'], // a citizen register number
    ['2657457 OR 1=1'],
    [''],
    ['   '],
    ['26574570'],
    ['265 7457'],
    ['２６５７４５７'], // full-width digits
    ['٢٦٥٧٤٥٧'], // Arabic-Indic digits
    ['᠒᠖᠕᠗᠔᠕᠗'], // Mongolian digits
    ['2657457\u0000'],
  ])('rejects %j with BAD_USER_INPUT naming the valid form', (input) => {
    const e = rejection(input);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toMatch(/^".*"…? is not a register number: expected 7 digits, e\.g\. "2657457"\.$/s);
  });

  it('quotes the input in the message, shortened and with control characters escaped', () => {
    expect(rejection('158607').message).toBe(
      '"158607" is not a register number: expected 7 digits, e.g. "2657457".',
    );
    expect(rejection('27\u0007').message).toBe(
      '"27\\u0007" is not a register number: expected 7 digits, e.g. "2657457".',
    );
    expect(rejection('9'.repeat(60)).message).toBe(
      `"${'9'.repeat(40)}"… is not a register number: expected 7 digits, e.g. "2657457".`,
    );
  });

  it('accepts exactly the strings that are 7 ASCII digits after trimming', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const valid = /^[0-9]{7}$/.test(s.trim());
        let accepted: string | null = null;
        try {
          accepted = parseRegisterNumber(s);
        } catch (e: unknown) {
          expect(e).toBeInstanceOf(GatewayError);
        }
        expect(accepted !== null).toBe(valid);
        if (accepted !== null) expect(accepted).toBe(s.trim());
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7}$/), fc.stringMatching(/^[ \t\n]{0,3}$/), (n, pad) => {
        expect(parseRegisterNumber(`${pad}${n}${pad}`)).toBe(n);
      }),
    );
  });
});
