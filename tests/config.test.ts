import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/catalog.js';
import { ConfigError, DEFAULT_SHUTDOWN_GRACE_MS, loadConfig } from '../src/config.js';
import { startGateway } from '../src/server.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: 'localhost', port: 4000, production: false, introspection: true });
    expect(c.http).toMatchObject({
      connectTimeoutMs: 2000,
      headersTimeoutMs: 5000,
      attemptDeadlineMs: 8000,
      retries: 2,
    });
    expect(c.sources.procurement).toMatchObject({ url: undefined, maxAgeSeconds: 300, concurrency: 4 });
  });

  it('reads PORT, HOST and a source URL, dropping a trailing slash', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', PROCUREMENT_URL: 'https://ocds.example.mn/api/' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0' });
    expect(c.sources.procurement.url).toBe('https://ocds.example.mn/api');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4000);
  });

  it('stops with a sentence naming each bad variable and the expected form', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', PROCUREMENT_URL: 'ftp://x', INTROSPECTION: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT must be an integer from 0 to 65535 \(got "eighty"\)/);
    expect(attempt).toThrow(/PROCUREMENT_URL must be an absolute http\(s\) URL/);
    expect(attempt).toThrow(/INTROSPECTION must be true or false/);
  });

  it('rejects out-of-range numbers', () => {
    expect(() => loadConfig({ UPSTREAM_RETRIES: '99' })).toThrow(
      /UPSTREAM_RETRIES must be an integer from 0 to 10/,
    );
  });

  it('gives each source its catalog defaults, under the same variable names as always', () => {
    const c = loadConfig({});
    expect(Object.keys(c.sources)).toEqual(CATALOG.map((d) => d.key));
    expect(c.sources.registry).toMatchObject({
      maxAgeSeconds: 86_400,
      staleWhileRevalidateSeconds: 3600,
      staleIfErrorSeconds: 604_800,
      concurrency: 2,
      queue: 64,
      ratePerSecond: 1,
      dumpPath: 'dump.json',
      ownershipPath: 'ownership.jsonl',
      dumpDeadlineMs: 600_000,
      dumpMaxBytes: 2 * 1024 * 1024 * 1024,
    });
    expect(c.sources.eitiMongolia.staleIfErrorSeconds).toBe(2_592_000);
    expect(c.sources.tenderMn).toMatchObject({
      maxAgeSeconds: 1800,
      concurrency: 1,
      ratePerSecond: 1,
      ocidPrefix: 'ocds-xxxxxx-mn-tender-',
      token: undefined,
      perPage: 100,
    });
    expect(c.sources.procurement.pageSize).toBe(100);
    expect(c.sources.investment).toMatchObject({ maxAgeSeconds: 86_400, concurrency: 2, ratePerSecond: 0 });
    expect(c.sources.eiti).toMatchObject({ maxAgeSeconds: 86_400, concurrency: 2, ratePerSecond: 0 });
  });

  it("reads every source's variables by its prefix, and its own settings by their full names", () => {
    const c = loadConfig({
      EITI_MONGOLIA_URL: 'https://e-reporting.example.mn/',
      EITI_MONGOLIA_MAX_AGE_SECONDS: '60',
      EITI_URL: 'https://eiti.example.org/api/v2.0',
      TENDER_MN_TOKEN: 'secret',
      TENDER_MN_PER_PAGE: '50',
      PROCUREMENT_OCID_PREFIX: 'ocds-abcdef-mn-',
      PROCUREMENT_PAGE_SIZE: '20',
      REGISTRY_DUMP_PATH: 'bulk/dump.json',
      INVESTMENT_RATE_PER_SECOND: '3',
    });
    // EITI_ is a prefix of EITI_MONGOLIA_: each source still reads only its own variables.
    expect(c.sources.eiti.url).toBe('https://eiti.example.org/api/v2.0');
    expect(c.sources.eiti.maxAgeSeconds).toBe(86_400);
    expect(c.sources.eitiMongolia).toMatchObject({
      url: 'https://e-reporting.example.mn',
      maxAgeSeconds: 60,
    });
    expect(c.sources.tenderMn).toMatchObject({ token: 'secret', perPage: 50, ocidPrefix: 'ocds-abcdef-mn-' });
    expect(c.sources.procurement.pageSize).toBe(20);
    expect(c.sources.registry.dumpPath).toBe('bulk/dump.json');
    expect(c.sources.investment.ratePerSecond).toBe(3);
  });

  it("names a source's bad variable by its full name", () => {
    const attempt = () =>
      loadConfig({ TENDER_MN_PER_PAGE: '500', PROCUREMENT_OCID_PREFIX: 'x', EITI_MONGOLIA_QUEUE: '-1' });
    expect(attempt).toThrow(/TENDER_MN_PER_PAGE must be an integer from 1 to 100 \(got "500"\)/);
    expect(attempt).toThrow(/PROCUREMENT_OCID_PREFIX must be an ocid prefix/);
    expect(attempt).toThrow(/EITI_MONGOLIA_QUEUE must be an integer from 0 to 10000/);
  });

  it('reads SHUTDOWN_GRACE_MS, 20 s by default', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(DEFAULT_SHUTDOWN_GRACE_MS);
    expect(DEFAULT_SHUTDOWN_GRACE_MS).toBe(20_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: 'soon' })).toThrow(/SHUTDOWN_GRACE_MS must be an integer/);
  });
});

describe('credentials in settings (docs/reliability.md §12d row 1)', () => {
  /** The start-up error `env` gives. */
  function refusal(env: Record<string, string>): string {
    try {
      loadConfig(env);
    } catch (thrown: unknown) {
      if (thrown instanceof ConfigError) return thrown.message;
      throw thrown;
    }
    throw new Error('the configuration was accepted');
  }

  it.each(CATALOG.map((d) => `${d.envPrefix}URL`))(
    'refuses a user name or password in %s, naming it and never repeating the secret',
    (name) => {
      for (const url of [
        'http://svc:pw-0917@host.example/api',
        'https://svc-0917@host.example/',
        'http://:pw-0917@host.example',
      ]) {
        const message = refusal({ [name]: url });
        expect(message).toContain(`${name} must be an http(s) URL without a user name or password`);
        expect(message).toContain('(got a URL with credentials, not repeated here)');
        expect(message).not.toMatch(/0917|svc/);
      }
    },
  );

  it('never repeats a secret whatever else is wrong with it', () => {
    const message = refusal({
      DATABASE_URL: 'mysql://root:pw-0917@db',
      TENDER_MN_TOKEN: '   ',
      PROCUREMENT_URL: 'ftp//svc:pw-0917@host',
      INVESTMENT_URL: 'not a url',
    });
    expect(message).toMatch(
      /DATABASE_URL must be a PostgreSQL connection URL .*\(got a value that is not one\)/,
    );
    expect(message).toMatch(/PROCUREMENT_URL must be an absolute http\(s\) URL \(got a URL with credentials/);
    expect(message).toContain('INVESTMENT_URL must be an absolute http(s) URL (got "not a url")');
    expect(message).not.toContain('0917');
  });

  it('accepts an upstream URL without credentials, which is what freshness.url shows', () => {
    const c = loadConfig({ INVESTMENT_URL: 'https://pip.example.mn/api/' });
    expect(c.sources.investment.url).toBe('https://pip.example.mn/api');
  });

  it('stops the gateway before anything starts', async () => {
    await expect(
      startGateway({ env: { INVESTMENT_URL: 'http://svc:pw-0917@127.0.0.1:9/x', PORT: '0' } }),
    ).rejects.toThrow(/INVESTMENT_URL must be an http\(s\) URL without a user name or password/);
  });
});

describe('apps on other origins, API keys and limits (config-edge.ts)', () => {
  const KEY = 'secret-key-0917-abcdef';

  it('gives the documented defaults: no CORS, no keys, 600 a minute per address', () => {
    const { edge } = loadConfig({});
    expect(edge.cors).toEqual({ origins: [], credentials: false, maxAgeSeconds: 600 });
    expect(edge).toMatchObject({
      apiKeys: [],
      apiKeysRequired: false,
      ratePerMinute: 600,
      keyRatePerMinute: 6000,
      trustProxyHops: 0,
    });
  });

  it('reads origins, keys with and without their own limit, and the proxy hops', () => {
    const { edge } = loadConfig({
      CORS_ORIGINS: ' https://app.example.org , http://localhost:5173,',
      CORS_CREDENTIALS: 'true',
      API_KEYS: `alpha:${KEY}:120, beta:${KEY}-2`,
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY_HOPS: '2',
    });
    expect(edge.cors.origins).toEqual(['https://app.example.org', 'http://localhost:5173']);
    expect(edge.apiKeys).toEqual([
      { name: 'alpha', key: KEY, perMinute: 120 },
      { name: 'beta', key: `${KEY}-2`, perMinute: null },
    ]);
    expect([edge.ratePerMinute, edge.trustProxyHops]).toEqual([0, 2]);
  });

  it('refuses an origin with a path, a trailing slash or another scheme, naming it', () => {
    for (const origin of [
      'https://app.example.org/',
      'https://app.example.org/app',
      'ftp://app.example.org',
      'app.example.org',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(
        /CORS_ORIGINS must be comma-separated origins such as https:\/\/app\.example\.org/,
      );
    }
  });

  it('refuses * with credentials, which the CORS specification forbids', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' })).toThrow(
      'CORS_CREDENTIALS=true needs CORS_ORIGINS to list origins, not *.',
    );
    expect(loadConfig({ CORS_ORIGINS: '*' }).edge.cors.origins).toEqual(['*']);
  });

  it('refuses bad API keys without ever repeating one', () => {
    for (const value of [
      `alpha:short`,
      `al pha:${KEY}`,
      `alpha:${KEY}:many`,
      `alpha:${KEY},alpha:${KEY}-2`,
      `alpha:${KEY},beta:${KEY}`,
    ]) {
      let message = '';
      try {
        loadConfig({ API_KEYS: value, RATE_LIMIT_PER_MINUTE: 'lots' });
      } catch (thrown: unknown) {
        message = thrown instanceof ConfigError ? thrown.message : String(thrown);
      }
      expect(message).toMatch(/API_KEYS must be .*\(got a value that is not one\)/);
      expect(message).toContain('RATE_LIMIT_PER_MINUTE must be');
      expect(message).not.toMatch(/0917|short|many/);
    }
  });

  it('refuses API_KEYS_REQUIRED without a key, and hops or limits out of range', () => {
    expect(() => loadConfig({ API_KEYS_REQUIRED: 'true' })).toThrow(
      'API_KEYS_REQUIRED=true needs API_KEYS to hold at least one key.',
    );
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '11' })).toThrow(
      /TRUST_PROXY_HOPS must be an integer from 0 to 10/,
    );
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(
      /RATE_LIMIT_PER_MINUTE must be an integer/,
    );
    expect(() => loadConfig({ CORS_MAX_AGE_SECONDS: '86401' })).toThrow(
      /CORS_MAX_AGE_SECONDS must be an integer/,
    );
  });
});
