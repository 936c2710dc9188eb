/**
 * `npx tsx bench/profile.ts`: where a response-cache miss spends its CPU. Starts the replay server and a
 * gateway over it with the whole-response cache off, waits until every harvest is complete and idle (a
 * profile taken while the harvest writes is a profile of the harvest), warms the upstream caches, then
 * drives the warm 50-process query (bench/workloads.ts) with autocannon while the V8 profiler samples
 * the process, and prints the top frames by self time and the share of each package or file, as
 * Markdown for bench/PROFILE.md. The load generator runs in a process of its own (bench/drive.ts, as in
 * `npm run bench`): the samples are the gateway's, with the replay server's (idle once the harvests are
 * done).
 *
 * Settings: PROFILE_SECONDS (default 5), PROFILE_CONNECTIONS (default 32), PROFILE_EXECUTION (passed to
 * the gateway as `EXECUTION`; unset: the gateway's default), PROFILE_RESPONSE_CACHE (`on`: profile the
 * replays of the whole-response cache instead), PROFILE_TOP (default 25 frames).
 */
import { Session } from 'node:inspector/promises';
import { cpus } from 'node:os';
import { startReplayServer } from '../src/replay/index.js';
import { startGateway } from '../src/server.js';
import { replayEnv } from '../tests/helpers.js';
import { drive } from './drive.js';
import { WARM_BODY } from './workloads.js';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface Profile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const seconds = Number(process.env['PROFILE_SECONDS'] ?? 5);
const connections = Number(process.env['PROFILE_CONNECTIONS'] ?? 32);
const top = Number(process.env['PROFILE_TOP'] ?? 25);
const execution = process.env['PROFILE_EXECUTION'];
const responseCache = process.env['PROFILE_RESPONSE_CACHE'] === 'on';

/** A frame's place, short: `node_modules/x/…` as `x/…`, the project's files relative to it. */
function place(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const root = new URL('../', import.meta.url).href;
  return url.startsWith(root) ? url.slice(root.length) : url;
}

/** The package (`kysely`, `@apollo/server`), `node:` module or project file a frame belongs to. */
function owner(url: string): string {
  if (url === '') return '(native, garbage collector, idle)';
  const p = place(url);
  if (p === url) return url.startsWith('node:') ? url : p;
  if (url.includes('node_modules/')) {
    const parts = p.split('/');
    return p.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return p;
}

const replay = await startReplayServer({ rateLimit: false });
const gateway = await startGateway({
  env: {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...(responseCache ? {} : { RESPONSE_CACHE_MAX_BYTES: '0' }),
    ...(execution === undefined ? {} : { EXECUTION: execution }),
    ...replayEnv(replay),
  },
});
const url = `${gateway.url}/graphql`;
const post = async (body: string): Promise<unknown> =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
for (;;) {
  const answer = (await post(JSON.stringify({ query: '{ sources { harvest { state complete } } }' }))) as {
    data: { sources: { harvest: { state: string; complete: boolean } | null }[] };
  };
  const done = answer.data.sources.every(
    (s) =>
      s.harvest === null || s.harvest.state === 'OFF' || (s.harvest.complete && s.harvest.state === 'IDLE'),
  );
  if (done) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
for (let i = 0; i < 20; i++) await post(WARM_BODY);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const row = await drive('profile', url, [WARM_BODY], { seconds, connections });
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
session.disconnect();
await gateway.close();
await replay.close();

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byFrame = new Map<string, number>();
const byOwner = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const us = selfUs.get(n.id) ?? 0;
  if (us === 0) continue;
  total += us;
  const f = n.callFrame;
  const frame = `\`${f.functionName || '(anonymous)'}\` ${f.url === '' ? '' : `${place(f.url)}:${f.lineNumber + 1}`}`;
  byFrame.set(frame, (byFrame.get(frame) ?? 0) + us);
  byOwner.set(owner(f.url), (byOwner.get(owner(f.url)) ?? 0) + us);
}
const share = (us: number): string => `${((100 * us) / total).toFixed(1)} %`;
const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
const lines = [
  `Profiled ${new Date().toISOString()}, ${cpus().length} cores, Node ${process.version}; ` +
    `EXECUTION=${execution ?? '(default)'}, response cache ${responseCache ? 'on' : 'off'}; ${seconds} s at ${connections} connections: ` +
    `${row.requests.toFixed(0)} req/s, p50 ${row.p50.toFixed(0)} ms, p95 ${row.p95.toFixed(0)} ms, ` +
    `${row.non2xx} non-2xx; ${(total / 1000).toFixed(0)} ms of samples.`,
  '',
  '| self time | frame |',
  '| ---: | --- |',
  ...sorted(byFrame).map(([k, us]) => `| ${share(us)} | ${k} |`),
  '',
  '| self time | package or file |',
  '| ---: | --- |',
  ...sorted(byOwner).map(([k, us]) => `| ${share(us)} | ${k} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
