import { ErrorCode, GatewayError } from '../../domain/errors.js';
import { preview } from '../../domain/ids.js';

/**
 * A state registration number of a legal entity: exactly 7 ASCII digits (UPSTREAMS.md §1.1). `\d` in a
 * JavaScript RegExp without the `v` flag's Unicode sets is ASCII-only, so other scripts' digits fail.
 */
const REGISTER_NUMBER = /^\d{7}$/;

/**
 * Checks a register number from a client: trimmed, never padded (a 6-digit number is not a 7-digit one
 * with a zero missing). Throws BAD_USER_INPUT with an example of the valid form.
 */
export function parseRegisterNumber(input: string): string {
  const n = input.trim();
  if (!REGISTER_NUMBER.test(n)) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `"${preview(input)}" is not a register number: expected 7 digits, e.g. "2657457".`,
    );
  }
  return n;
}
