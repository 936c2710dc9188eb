import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';

/**
 * The zod forms of environment variables, shared by the configuration (`config.ts`) and each source's
 * descriptor (`src/sources/<name>/descriptor.ts`, its own variables). Every form's message completes the sentence
 * "<VARIABLE> must be …", so a bad value is reported in words the person starting the gateway can act on.
 */

/** An integer written in decimal digits, from `min` to `max`. */
export const int = (min: number, max: number) => {
  const form = `an integer from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, form)
    .transform(Number)
    .pipe(z.number().int(form).min(min, form).max(max, form));
};

/** `true`, `false`, `1` or `0`. */
export const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'true or false' })
  .transform((v) => v === 'true' || v === '1');

/** An absolute http(s) URL; a trailing slash is dropped. */
export const httpUrl = z
  .string()
  .trim()
  .url('an absolute http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'an absolute http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

/** A non-empty string (surrounding blanks dropped). */
export const text = z.string().trim().min(1);

/** Comma-separated paths of readable files; unset or empty: `null`. */
export const fileList = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return null;
    const files = v
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    for (const f of files) {
      if (!existsSync(f) || !statSync(f).isFile()) {
        ctx.addIssue({ code: 'custom', message: `names ${JSON.stringify(f)}, which is not a readable file` });
        return z.NEVER;
      }
    }
    return files;
  });
