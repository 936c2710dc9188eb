import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Socket } from 'node:net';

/**
 * A throwaway Redis for the tests of the shared cache, rate limits and replicas: `redis-server` from the
 * machine's packages (`.ci/run` installs Debian's), started on a free loopback port with nothing saved
 * to disk, and killed after. `REDIS_SERVER` overrides the binary. Without it the Redis tests are skipped,
 * except in CI (`CI` set), where a missing Redis fails them rather than passing unseen.
 */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** Why Redis tests cannot run here, or `undefined` when they can. */
export const missingRedis: string | undefined =
  spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status === 0
    ? undefined
    : `${REDIS_SERVER} was not found. Install Debian's redis-server (apt-get install -y redis-server, as ` +
      '.ci/run does) or point REDIS_SERVER at one.';

/** Skip Redis tests when there is no Redis, outside CI only. */
export const skipRedis = missingRedis !== undefined && !process.env.CI;

/** A running throwaway Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGKILL: as if it crashed) and waits until its port is closed. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** Starts a Redis on a free loopback port. */
export async function startRedis(): Promise<TestRedis> {
  if (missingRedis !== undefined) throw new Error(missingRedis);
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(port, true);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
    await waitForPort(port, false);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: start, stop: kill };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until `port` accepts connections (`open`) or refuses them, for up to 20 s. */
async function waitForPort(port: number, open: boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await accepts(port)) === open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis on port ${port} did not ${open ? 'start' : 'stop'} within 20 s`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
