/**
 * The scale workload's tools: a gateway as a child process (so that its resident set is its own, read
 * from /proc), GraphQL over HTTP with the time each answer took, waits with a deadline, and the size of a
 * folder. Used by bench/scale.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startFlags } from './start-flags.js';

/** A GraphQL answer with the wall time from sending the request to the end of its body. */
export interface Answer {
  readonly ms: number;
  readonly status: number;
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[];
  readonly extensions: Record<string, unknown> | undefined;
}

/** POSTs one operation; a transport failure or timeout is an answer with status 0 and its message. */
export async function gql(
  endpoint: string,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 60_000,
): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: Partial<Pick<Answer, 'data' | 'errors' | 'extensions'>> = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return {
        ms,
        status: res.status,
        data: null,
        errors: [{ message: `not JSON: ${text.slice(0, 200)}` }],
        extensions: undefined,
      };
    }
    return {
      ms,
      status: res.status,
      data: body.data ?? null,
      errors: body.errors ?? [],
      extensions: body.extensions,
    };
  } catch (thrown: unknown) {
    const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    return {
      ms: performance.now() - started,
      status: 0,
      data: null,
      errors: [{ message }],
      extensions: undefined,
    };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bytes of every file under `dir` (the SQLite file with its -wal and -shm). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/** Every gateway started here, killed if the bench exits without stopping it (a failure, Ctrl-C). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Only these variables of the bench's own environment reach a gateway; the rest is set explicitly. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];

/** A gateway running as `node <start flags> --import tsx src/main.ts`, with its RSS sampled. */
export interface GatewayProcess {
  readonly url: string;
  readonly endpoint: string;
  readonly pid: number;
  readonly command: string;
  /** Resident set now, bytes (from /proc/<pid>/status VmRSS). */
  rss(): number;
  /** Highest RSS sampled (every 250 ms) since `resetPeak` or the start. */
  peakRss(): number;
  resetPeak(): void;
  /** The kernel's high-water mark of the RSS (VmHWM), bytes. */
  hwm(): number;
  /** The last lines the process wrote to stderr. */
  stderrTail(): string;
  /** False once the process has exited. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts the gateway of `dir` with exactly `env` (plus PATH and friends); rejects if it does not listen in time. */
export async function startGatewayProcess(
  dir: string,
  env: Record<string, string>,
  startTimeoutMs = 120_000,
): Promise<GatewayProcess> {
  // BENCH_GATEWAY_NODE_FLAGS: more node flags for the gateway alone (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const extra = (process.env['BENCH_GATEWAY_NODE_FLAGS'] ?? '').split(' ').filter((a) => a !== '');
  const args = [...startFlags(dir), ...extra, '--import', 'tsx', 'src/main.ts'];
  const inherited: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const pid = child.pid ?? 0;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procStatus(pid, 'VmRSS'));
  }, 250);
  const stop = async (graceMs = 30_000): Promise<void> => {
    clearInterval(sampler);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(killer);
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(
        new Error(`the gateway in ${dir} did not listen within ${startTimeoutMs} ms; stderr: ${stderr}`),
      );
    }, startTimeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      // Read until the address is known; later output is drained and dropped.
      if (stdout.length > 100_000) return;
      stdout += chunk;
      const found = /GraphiQL at (\S+)\/graphql/.exec(stdout)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the gateway in ${dir} exited (${code ?? signal}) before listening; stderr: ${stderr}`),
      );
    });
  }).catch(async (thrown: unknown) => {
    await stop(1000);
    throw thrown;
  });
  return {
    url,
    endpoint: `${url}/graphql`,
    pid,
    command: `node ${args.join(' ')}`,
    rss: () => procStatus(pid, 'VmRSS'),
    peakRss: () => Math.max(peak, procStatus(pid, 'VmRSS')),
    resetPeak: () => {
      peak = procStatus(pid, 'VmRSS');
    },
    hwm: () => procStatus(pid, 'VmHWM'),
    stderrTail: () => stderr.split('\n').slice(-6).join('\n'),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop,
  };
}
