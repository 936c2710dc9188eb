import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `node` flags of `npm start` in `dir` (its package.json), so that a bench runs the gateway as users
 * do. The script reads `[NODE_ENV=… ][exec ]node <flags> --import tsx …`.
 */
export function startFlags(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /^(?:NODE_ENV=\S+\s+)?(?:exec\s+)?node\s+(.*?)\s*--import tsx/.exec(pkg.scripts.start);
  if (match === null)
    throw new Error(
      `${dir}/package.json "start" is not \`[NODE_ENV=… ][exec] node <flags> --import tsx …\`.`,
    );
  return (match[1] ?? '').split(' ').filter((a) => a !== '');
}
