/** One bounded autocannon run against one server, with p95 computed from every response time. */
import autocannon from 'autocannon';

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

/** Drives `url` for `settings.seconds` with POST bodies, rotating through `bodies` on each connection. */
export function drive(
  name: string,
  url: string,
  bodies: readonly string[],
  settings: Settings,
): Promise<Row> {
  const times: number[] = [];
  return new Promise<Row>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: bodies.map((body) => ({ method: 'POST', body })),
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
