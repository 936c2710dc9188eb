import type { z } from 'zod';

/** At most this many issues are described; the rest are counted. */
export const MAX_DESCRIBED_ISSUES = 5;

type Issue = z.core.$ZodIssue;

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((key) => String(key)).join('.');
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'integer' : issue.expected}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `expected at least ${String(issue.minimum)} character(s)`
        : issue.origin === 'array'
          ? `expected at least ${String(issue.minimum)} item(s)`
          : `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `expected format ${issue.format}`;
    case 'invalid_value':
      return 'expected one of the allowed values';
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}`;
    // Unknown key names come from the payload, so they are not repeated.
    case 'unrecognized_keys':
      return `${String(issue.keys.length)} unrecognised key(s)`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'matches none of the allowed shapes';
    // A check of our own schemas says what it expected in its message (zod's default says nothing).
    case 'custom':
      return issue.message === '' || issue.message === 'Invalid input' ? 'failed a check' : issue.message;
    default:
      return 'invalid';
  }
}

/**
 * Flattens issues into `path: problem` lines. A union that failed (an embedded or a linked release) is
 * described by the alternative that came closest, i.e. with the fewest issues.
 */
function flatten(issues: readonly Issue[], prefix: readonly PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      if (closest.length > 0) return flatten(closest, path);
    }
    return [`${formatPath(path)}: ${describeIssue(issue)}`];
  });
}

/**
 * A short description of a payload that did not match its schema: issue paths and what was expected,
 * never the values received (they can be large, or not ours to repeat), e.g.
 * `releases.0.tender.value.amount: expected number`. Every source describes its drift with it.
 */
export function describeIssues(error: z.ZodError): string {
  const lines = flatten(error.issues, []);
  const shown = lines.slice(0, MAX_DESCRIBED_ISSUES).join('; ');
  const more = lines.length - MAX_DESCRIBED_ISSUES;
  return more > 0 ? `${shown}; and ${String(more)} more issue(s)` : shown;
}
