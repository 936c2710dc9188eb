import { pino, type DestinationStream } from 'pino';

/**
 * The structured logger: pino, one JSON line per event on stderr, behind a small interface so that the
 * rest of the gateway (and tests) depend on four methods rather than on pino. Every line has `time` (ISO
 * 8601), `level` (its name, not pino's number) and `msg`, then the event's own fields. See
 * docs/operations.md "Logs".
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Standard error as pino writes to it, shared by every logger of the process. */
let stderr: DestinationStream | null = null;

/**
 * A logger that drops events below `level`, writing to `destination` (stderr unless given; tests pass a
 * stream they read). Writes to stderr are synchronous, so the last lines before an exit are not lost and
 * lines keep their order with whatever else the process writes there.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      // No `pid` / `hostname` on every line: a replica is told apart by where its lines are collected.
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? (stderr ??= pino.destination({ dest: 2, sync: true })),
  );
  const emit =
    (at: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (fields === undefined) logger[at](msg);
      else logger[at](fields, msg);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
