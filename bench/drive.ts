/**
 * One bounded autocannon run against one server, with p95 computed from every response time; and what a
 * run needs of a gateway before and after (its harvests done, its response-cache hits).
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Settings {
  readonly seconds: number;
  readonly connections: number;
}

export interface Row {
  readonly name: string;
  readonly requests: number;
  /** Responses received in all. */
  readonly total: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** The q-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** What the load generator is given for one run. */
export interface DriveOrder {
  readonly name: string;
  readonly url: string;
  readonly bodies: readonly string[];
  readonly settings: Settings;
  readonly shared: boolean;
}

/**
 * Drives `url` for `settings.seconds` with POST bodies, rotating through `bodies` on each connection; with
 * `shared`, through one rotation for all connections together, so that a body comes again only after
 * every other one was sent (each connection starting at the first would send the first ones together).
 *
 * The load generator runs in a child process of its own (bench/drive-child.ts), as a client would on
 * another machine: autocannon's work (sending, reading and timing every response) never takes the
 * event loop of a server measured in this process, and on two cores the server and the client each
 * have one.
 */
export async function drive(
  name: string,
  url: string,
  bodies: readonly string[],
  settings: Settings,
  shared = false,
): Promise<Row> {
  const child = fork(fileURLToPath(new URL('./drive-child.ts', import.meta.url)), [], {
    // `--import tsx` resolves from the working directory: the project's, whatever the caller's.
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    // Structured clone, not JSON: a run with no response has NaN quantiles, which JSON would make null.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const order: DriveOrder = { name, url, bodies, settings, shared };
  return new Promise<Row>((resolve, reject) => {
    let row: Row | null = null;
    child.on('message', (message: { row?: Row; error?: string }) => {
      if (message.row !== undefined) row = message.row;
      else reject(new Error(`the load generator failed: ${message.error ?? 'no reason given'}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (row !== null) resolve(row);
      else reject(new Error(`the load generator exited with ${code} and no result`));
    });
    child.send(order);
  });
}

/** The run itself, in the load generator's process (bench/drive-child.ts). */
export function driveHere({ name, url, bodies, settings, shared }: DriveOrder): Promise<Row> {
  const times: number[] = [];
  let sent = 0;
  const requests = shared
    ? [
        {
          method: 'POST' as const,
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            body: bodies[sent++ % bodies.length] ?? '',
          }),
        },
      ]
    : bodies.map((body) => ({ method: 'POST' as const, body }));
  return new Promise<Row>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests,
        connections: settings.connections,
        duration: settings.seconds,
        timeout: 30,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          name,
          requests: result.requests.average,
          total: times.length,
          p50: quantile(times, 0.5),
          p95: quantile(times, 0.95),
          p99: quantile(times, 0.99),
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** One POST of a JSON body: status, bytes and the number of GraphQL errors (1 when not JSON). */
export async function post(
  url: string,
  body: string,
): Promise<{ status: number; bytes: Buffer; errors: number }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  let errors = 0;
  try {
    errors = ((JSON.parse(bytes.toString('utf8')) as { errors?: unknown[] }).errors ?? []).length;
  } catch {
    errors = 1;
  }
  return { status: res.status, bytes, errors };
}

const HARVESTS = JSON.stringify({ query: '{ sources { name harvest { state complete } } }' });

/**
 * Waits until every source's harvest of the gateway at `endpoint` is complete and idle (a source not
 * harvested, or harvested no more, counts as done): until then the harvest writes to the store while
 * requests are served, and a measure would be of both. Gives up after `timeoutMs`.
 */
export async function harvestsDone(endpoint: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { bytes } = await post(endpoint, HARVESTS);
    const answer = JSON.parse(bytes.toString('utf8')) as {
      data?: { sources?: { name: string; harvest: { state: string; complete: boolean } | null }[] };
    };
    const busy = (answer.data?.sources ?? [{ name: 'sources', harvest: null }]).filter(
      (s) =>
        s.harvest !== null &&
        s.harvest.state !== 'OFF' &&
        !(s.harvest.complete && s.harvest.state === 'IDLE'),
    );
    if (answer.data?.sources !== undefined && busy.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `The harvests at ${endpoint} were not done after ${timeoutMs} ms: ${busy.map((s) => `${s.name} ${JSON.stringify(s.harvest)}`).join(', ')}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The gateway's count of whole-response cache hits so far, from its `/metrics`. */
export async function responseCacheHits(endpoint: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', endpoint))).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('tg_cache_requests_total{') &&
        l.includes('layer="response"') &&
        l.includes('state="hit"'),
    );
  return Number(line?.split(' ').at(-1) ?? 0);
}

/**
 * Waits until `count()` (an upstream's request log, say) grows by at most `slack` in `windowMs`: a server
 * driven before may still be working off requests its clients gave up on, and would take the CPU from the
 * next measure. Gives up after `timeoutMs`.
 */
export async function settled(
  count: () => number,
  windowMs = 1000,
  slack = 5,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = count();
    if (now - last <= slack) return;
    last = now;
  }
}
