import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CATALOG } from '../src/catalog.js';
import { loadConfig } from '../src/config.js';
import { EDGE_ENV } from '../src/config-edge.js';

/**
 * The deployment files (Dockerfile, deploy/compose.yaml, deploy/nginx.conf, deploy/kubernetes/) checked
 * without Docker or a cluster: they parse, they set only variables the configuration knows, to values it
 * accepts, they run what `npm start` runs on the Node that package.json names, their probes ask for
 * paths the gateway serves, and they wait for the gateway's drain. docs/deploy.md describes them.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

type Env = Record<string, string>;
type Json = Record<string, any>;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every document of a YAML file; a file that does not parse fails here with the parser's message. */
function yamlDocuments(file: string): Json[] {
  return parseAllDocuments(read(file), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Json;
  });
}

/**
 * The variables the configuration reads: the keys of its schemas (the same reading of `src/config.ts` and
 * the descriptors as tests/docs-references.test.ts), the edge settings, and each source's policy keys
 * behind its catalog prefix.
 */
function knownVariables(): Set<string> {
  const keysOf = (text: string) =>
    [...text.matchAll(/^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}): /gm)].map((m) => m[1]!);
  const config = read('src/config.ts');
  const policyBody = /function sourceSchema[\s\S]*?z\.object\(\{([\s\S]*?)\}\);/.exec(config)?.[1] ?? '';
  const policy = new Set(keysOf(policyBody));
  const descriptors = readdirSync(join(ROOT, 'src/sources'))
    .map((f) => `src/sources/${f}/descriptor.ts`)
    .filter((f) => existsSync(join(ROOT, f)));
  const own = [...keysOf(config), ...descriptors.flatMap((f) => keysOf(read(f)))].filter(
    (k) => !policy.has(k),
  );
  const perSource = CATALOG.flatMap((d) => [...policy].map((k) => `${d.envPrefix}${k}`));
  return new Set([...own, ...Object.keys(EDGE_ENV), ...perSource]);
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped, by stage. */
function dockerfileStages(): { from: string; instructions: { op: string; args: string }[] }[] {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: { from: string; instructions: { op: string; args: string }[] }[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (op === undefined || args === undefined) throw new Error(`Dockerfile: cannot read "${line}".`);
    if (op.toUpperCase() === 'FROM') stages.push({ from: args, instructions: [] });
    else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const stages = dockerfileStages();
const runtime = stages.at(-1)!;
const instruction = (op: string) => runtime.instructions.filter((i) => i.op === op).map((i) => i.args);

/** The runtime stage's `ENV` (`ENV A=1 B=2`, values without spaces). */
function dockerfileEnv(): Env {
  const env: Env = {};
  for (const args of instruction('ENV'))
    for (const pair of args.split(/\s+/)) {
      const [name, ...value] = pair.split('=');
      env[name!] = value.join('=');
    }
  return env;
}

/** deploy/.env.example as compose reads deploy/.env. */
function exampleSecrets(): Env {
  return Object.fromEntries(
    read('deploy/.env.example')
      .split('\n')
      .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** Compose's substitution: `${NAME}`, `${NAME:-default}`, `${NAME:?message}`. */
function interpolate(value: string, vars: Env): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}/g, (_, name: string, op, rest) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`compose.yaml: ${name} is not set (${rest}).`);
    return op === '-' ? String(rest) : '';
  });
}

/** A gateway's compose environment as compose passes it, secrets from deploy/.env.example. */
function interpolateAll(env: Env): Env {
  const secrets = exampleSecrets();
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, secrets)]));
}

const compose = yamlDocuments('deploy/compose.yaml')[0]!;
/** The services built from the Dockerfile: the gateway replicas. */
const gateways = Object.entries(compose.services as Json).filter(([, s]) => s.build !== undefined);
const composeEnv = (service: Json): Env =>
  Array.isArray(service.environment)
    ? Object.fromEntries(
        (service.environment as string[]).map((e) => [e.split('=')[0]!, e.split('=').slice(1).join('=')]),
      )
    : Object.fromEntries(Object.entries(service.environment as Json).map(([k, v]) => [k, String(v)]));

const kubernetes = filesUnder('deploy/kubernetes')
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => yamlDocuments(f).map((doc) => ({ file: f, doc })));
const kind = (k: string): Json => {
  const found = kubernetes.filter(({ doc }) => doc.kind === k);
  expect(found, `one ${k} in deploy/kubernetes`).toHaveLength(1);
  return found[0]!.doc;
};
const configMap = (): Env => kind('ConfigMap').data as Env;
const secret = (): Env => kind('Secret').stringData as Env;
const container = (): Json => kind('Deployment').spec.template.spec.containers[0];
const kubernetesEnv = (): Env => ({
  ...configMap(),
  ...secret(),
  ...Object.fromEntries(((container().env ?? []) as Json[]).map((e) => [e.name, String(e.value)])),
});

/** Seconds from a compose duration (`30s`, `1m30s`). */
function seconds(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)(h|m|s)/g))
    total += Number(n) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
  return total;
}

describe('deployment files', () => {
  it('parse: every YAML document of deploy/', () => {
    const files = filesUnder('deploy').filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(
      expect.arrayContaining(['deploy/compose.yaml', 'deploy/kubernetes/deployment.yaml']),
    );
    expect(files.flatMap(yamlDocuments).length).toBe(files.length);
    expect(new Set(kubernetes.map(({ doc }) => doc.kind))).toEqual(
      new Set(['ConfigMap', 'Deployment', 'Kustomization', 'PodDisruptionBudget', 'Secret', 'Service']),
    );
    // `kubectl apply -k` applies every manifest but the Secret example.
    const applied = kubernetes
      .filter(({ doc }) => doc.kind !== 'Kustomization' && doc.kind !== 'Secret')
      .map(({ file }) => file.replace('deploy/kubernetes/', ''));
    expect([...(kind('Kustomization').resources as string[])].sort()).toEqual(applied.sort());
  });

  it('name only environment variables the configuration knows', () => {
    const known = knownVariables();
    expect(known.size).toBeGreaterThan(60);
    expect(known).toContain('REDIS_URL');
    expect(known).toContain('PROCUREMENT_URL');
    const named = {
      Dockerfile: Object.keys(dockerfileEnv()),
      ...Object.fromEntries(
        gateways.map(([name, s]) => [`compose.yaml ${name}`, Object.keys(composeEnv(s))]),
      ),
      kubernetes: Object.keys(kubernetesEnv()),
    };
    expect(gateways.map(([name]) => name)).toEqual(['gateway-1', 'gateway-2']);
    expect(Object.values(named).every((names) => names.length >= 3)).toBe(true);
    const unknown = Object.entries(named).flatMap(([where, names]) =>
      names.filter((n) => !known.has(n)).map((n) => `${where}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('set values the configuration accepts, and what a fleet needs', () => {
    expect(loadConfig(dockerfileEnv())).toMatchObject({
      host: '0.0.0.0',
      production: true,
      store: { dataDir: '/data' },
    });
    for (const [, service] of gateways) {
      const c = loadConfig({ ...dockerfileEnv(), ...interpolateAll(composeEnv(service)) });
      expect(c.store.databaseUrl).toMatch(/@postgres:5432\//);
      expect(c.edge.redis.url).toBe('redis://redis:6379/0');
      expect(c.edge.trustProxyHops).toBe(1);
    }
    const k = loadConfig(kubernetesEnv());
    expect(k).toMatchObject({ host: '0.0.0.0', production: true, store: { harvest: true } });
    expect(k.store.databaseUrl).toBeDefined();
    expect(k.edge.redis.url).not.toBeNull();
    expect(k.edge.apiKeys).toHaveLength(1);
  });

  it('keep secrets out of the committed files', () => {
    for (const [, service] of gateways) {
      const env = composeEnv(service);
      expect(env.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
      expect(env.API_KEYS).toMatch(/^\$\{API_KEYS(:-)?\}$/);
    }
    expect((compose.services as Json).postgres.environment.POSTGRES_PASSWORD).toMatch(
      /^\$\{POSTGRES_PASSWORD/,
    );
    // Every variable compose substitutes is in the example it is copied from.
    const substituted = [...read('deploy/compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!);
    expect(Object.keys(exampleSecrets()).sort()).toEqual([...new Set(substituted)].sort());
    expect(Object.values(secret()).every((v) => v.includes('REPLACE') || !/:[^/@]*@/.test(v))).toBe(true);
    expect(secret().DATABASE_URL).toContain('REPLACE');
    expect(read('deploy/.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['deploy', '**/.env']));
    expect(kind('Kustomization').resources).not.toContain('secret.example.yaml');
  });

  it("run the Node major of package.json's engines, and what npm start runs", () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: { start: string } };
    const major = /(\d+)/.exec(pkg.engines.node)?.[1];
    expect(stages.map((s) => /^node:(\d+)-bookworm-slim\b/.exec(s.from)?.[1])).toEqual([major, major]);
    const cmd = JSON.parse(instruction('CMD').at(-1)!) as string[];
    // `npm start` defaults NODE_ENV to production, which the image sets itself.
    expect(cmd.join(' ')).toBe(pkg.scripts.start.replace(/^NODE_ENV=\$\{NODE_ENV:-production\} exec /, ''));
    expect(dockerfileEnv().NODE_ENV).toBe('production');
    expect(instruction('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(instruction('USER')).toEqual(['node']);
    expect(instruction('EXPOSE')).toEqual([String(loadConfig({}).port)]);
    expect(instruction('VOLUME')).toEqual([dockerfileEnv().DATA_DIR]);
    // The build stage compiles the native module with the toolchain it installs.
    const build = stages[0]!.instructions.map((i) => i.args).join('\n');
    for (const tool of ['python3', 'make', 'g++']) expect(build).toContain(` ${tool}`);
    expect(build).toMatch(/npm ci --omit=dev/);
  });

  it('probe paths the gateway serves: liveness /healthz, readiness /readyz', () => {
    const server = read('src/server.ts');
    const served = (path: string) => server.includes(`url.pathname === '${path}'`);
    const c = container();
    expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(['/healthz', '/readyz']);
    expect(c.startupProbe.httpGet.path).toBe('/healthz');
    expect(instruction('HEALTHCHECK').join(' ')).toContain('/healthz');
    for (const [, service] of gateways) expect(service.healthcheck.test.join(' ')).toContain('/readyz');
    expect(read('deploy/nginx.conf')).toContain('location = /readyz');
    const named = [
      'Dockerfile',
      'deploy/compose.yaml',
      'deploy/nginx.conf',
      ...filesUnder('deploy/kubernetes'),
    ]
      .flatMap((f) => [...read(f).matchAll(/\/(healthz|readyz|livez|health|ready)\b/g)].map((m) => m[0]))
      .filter((p, i, all) => all.indexOf(p) === i)
      .sort();
    expect(named).toEqual(['/healthz', '/readyz']);
    expect(named.every(served)).toBe(true);
    expect(c.ports[0].containerPort).toBe(Number(configMap().PORT));
  });

  it('wait longer than the gateway drains, and proxy longer than an operation may take', () => {
    const k = loadConfig(kubernetesEnv());
    const spec = kind('Deployment').spec.template.spec;
    const [sleep, pause] = container().lifecycle.preStop.exec.command as string[];
    expect(sleep).toBe('sleep');
    expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      k.shutdownGraceMs + Number(pause) * 1000,
    );
    for (const [, service] of gateways) {
      const c = loadConfig(interpolateAll(composeEnv(service)));
      expect(seconds(service.stop_grace_period as string) * 1000).toBeGreaterThan(c.shutdownGraceMs);
    }
    const nginx = read('deploy/nginx.conf');
    const timeout = (name: string) => Number(new RegExp(`${name} (\\d+)s;`).exec(nginx)?.[1]);
    expect(timeout('proxy_read_timeout') * 1000).toBeGreaterThan(k.operationBudgetMs);
    expect(timeout('proxy_read_timeout') * 1000).toBeGreaterThan(k.server.requestTimeoutMs);
    // The gateway keeps idle connections open longer than the proxy does.
    expect(timeout('keepalive_timeout') * 1000).toBeLessThan(
      loadConfig(interpolateAll(composeEnv(gateways[0]![1]))).server.keepAliveTimeoutMs,
    );
  });

  it('send every request to one of the gateway replicas, with the client address', () => {
    const nginx = read('deploy/nginx.conf');
    const upstream = [...nginx.matchAll(/^\s*server ([\w-]+):(\d+)\b/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstream).toEqual(gateways.map(([name]) => `${name}:${loadConfig({}).port}`));
    expect(nginx).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    const proxy = (compose.services as Json).nginx as Json;
    expect(Object.keys(proxy.depends_on as Json).sort()).toEqual(gateways.map(([name]) => name).sort());
    expect(Object.values(proxy.depends_on as Json).every((d) => d.condition === 'service_healthy')).toBe(
      true,
    );
  });
});
