import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

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
});
