/**
 * The ocid rule (src/domain/ids.ts): an ocid is taken as its publisher wrote it, any prefix length, case
 * and script; only what cannot be an id is refused, each with a BAD_USER_INPUT that says why. Global ids
 * carry any accepted ocid there and back. The ocids here are fictional or the OCDS standard's example.
 */
import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  GatewayError,
  OCID_MAX_LENGTH,
  fromGlobalId,
  parseOcid,
  toGlobalId,
} from '../../src/domain/index.js';

/** The BAD_USER_INPUT message `parseOcid` throws for `input`, or null when it accepts it. */
function refusal(input: string): string | null {
  try {
    parseOcid(input);
    return null;
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
    return (thrown as GatewayError).message;
  }
}

describe('parseOcid accepts ocids as publishers write them', () => {
  it.each([
    ['the OCDS example', 'ocds-213czf-000-00001'],
    ['an upper-case prefix', 'OCDS-XXXXXX-0001'],
    ['mixed case', 'Ocds-xxXXxx-Road-12'],
    ['an 8-character prefix', 'ocds-xxxxxxxx-2024-0001'],
    ['a short prefix', 'ocds-x1-7'],
    ['a Cyrillic local id', 'ocds-xxxxxx-ТШ-2024/015'],
    ['a local id with a space, "/", ":" and "%"', 'ocds-xxxxxx-a b/c:d%2e'],
    ['dots among other characters', 'ocds-xxxxxx-../x'],
    ['three dots and a letter', '...a'],
    [`exactly ${OCID_MAX_LENGTH} code points, astral ones included`, '𝔸'.repeat(OCID_MAX_LENGTH)],
  ])('%s', (_label, ocid) => {
    expect(parseOcid(ocid)).toBe(ocid);
  });

  it('trims the ends and keeps the case', () => {
    expect(parseOcid('  OCDS-XXXXXX-0001\t')).toBe('OCDS-XXXXXX-0001');
  });
});

describe('parseOcid refuses what cannot be an id, saying why', () => {
  it.each([
    ['empty', '', /it is empty/],
    ['blank', ' \t ', /it is empty/],
    ['a NUL (C0)', 'ocds-xxxxxx-a\u0000b', /U\+0000, a control or invisible character/],
    ['CR LF', 'ocds-xxxxxx-a\r\nX-Injected: 1', /U\+000D/],
    ['DEL', 'ocds-xxxxxx-a\u007f', /U\+007F/],
    ['a C1 control', 'ocds-xxxxxx-a\u0085b', /U\+0085/],
    ['a line separator', 'ocds-xxxxxx-a\u2028b', /U\+2028/],
    ['a paragraph separator', 'ocds-xxxxxx-a\u2029b', /U\+2029/],
    ['a bidi override', '\u202eocds-xxxxxx-1', /U\+202E/],
    ['a bidi isolate', 'ocds-xxxxxx-\u20661', /U\+2066/],
    ['a zero-width space', 'ocds-xxxxxx-\u200b1', /U\+200B/],
    ['a zero-width joiner', 'ocds-xxxxxx-a\u200db', /U\+200D/],
    ['a BOM inside', 'ocds-xxxxxx-a\ufeffb', /U\+FEFF/],
    ['a no-break space inside', 'ocds-xxxxxx-a\u00a0b', /U\+00A0/],
    ['a lone surrogate', 'ocds-xxxxxx-\ud800', /U\+D800/],
    ['a dot', '.', /dots alone/],
    ['two dots', '..', /dots alone/],
    ['dots with spaces around', ' ... ', /dots alone/],
    [`${OCID_MAX_LENGTH + 1} characters`, 'a'.repeat(OCID_MAX_LENGTH + 1), /is 257 characters long/],
    ['10 KB', 'A'.repeat(10 * 1024), /is 10240 characters long/],
  ])('%s', (_label, input, why) => {
    const message = refusal(input);
    expect(message).toMatch(/is not an OCDS ocid: /);
    expect(message).toMatch(why);
    // Every refusal says what is refused, with the valid form.
    expect(message).toContain('refused are empty ids, ids over 256 characters');
    expect(message).toContain('"ocds-213czf-000-00001"');
    // The input is quoted with its invisible characters escaped, never raw.
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/);
  });
});

describe('global ids carry any accepted ocid', () => {
  it.each([
    'OCDS-XXXXXX-0001',
    'ocds-xxxxxxxx-2024-0001',
    'ocds-xxxxxx-ТШ-2024/015',
    'Ж'.repeat(OCID_MAX_LENGTH),
    '𝔸'.repeat(OCID_MAX_LENGTH),
  ])('%s', (ocid) => {
    const id = toGlobalId('ContractingProcess', ocid);
    expect(fromGlobalId(id)).toEqual({ type: 'ContractingProcess', key: ocid });
    expect(parseOcid(fromGlobalId(id).key)).toBe(ocid);
  });

  it('refuses a global id longer than that of the longest ocid, and bytes that are not UTF-8', () => {
    const longest = toGlobalId('ContractingProcess', '𝔸'.repeat(OCID_MAX_LENGTH));
    expect(() => fromGlobalId(`${longest}AAAA`)).toThrow(/is not a node id/);
    // `ContractingProcess:` and a byte no UTF-8 text holds (0xFF): never read as U+FFFD.
    const broken = Buffer.concat([Buffer.from('ContractingProcess:a'), Buffer.from([0xff])]).toString(
      'base64url',
    );
    expect(() => fromGlobalId(broken)).toThrow(/is not a node id/);
  });
});
