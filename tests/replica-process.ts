import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from './eventually.js';

/** A gateway started as its own process (`src/main.ts`), as a replica runs in production. */
export type Replica = MainProcess;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `src/main.ts` in a process of its own. */
export interface MainProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

/** Starts `src/main.ts` with exactly `env` (nothing of this process's environment is passed on). */
export function spawnMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, exited, stdout: () => out, stderr: () => err };
}

/**
 * Starts `src/main.ts` on an ephemeral loopback port with `env` (and nothing else of this process's).
 * Per-client limits are off unless `env` sets them: tests poll from one address faster than a client may.
 */
export function startReplica(env: Record<string, string>): Replica {
  return spawnMain({
    PATH: process.env['PATH'] ?? '',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
}

/** The base URL a replica listens on, once it says so. */
export async function urlOf(r: Replica): Promise<string> {
  return eventually(
    () => {
      const found = /GraphiQL at (http:\/\/\S+)\/graphql/.exec(r.stdout());
      if (found?.[1] === undefined) throw new Error(`not listening yet: ${r.stderr().slice(-500)}`);
      return found[1];
    },
    { what: 'a replica to listen' },
  );
}

/** Stops every replica still running (SIGTERM) and waits for each to exit. */
export async function stopReplicas(replicas: readonly Replica[]): Promise<void> {
  for (const r of replicas) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
    await r.exited;
  }
}
