import { startReplayServer } from './src/replay/index.js';
import { loadConfig } from './src/config.js';
import { HttpClient, UpstreamCache, UpstreamSource } from './src/upstream/index.js';
import { RegistrySource } from './src/sources/registry/index.js';
const replay = await startReplayServer({ rateLimit: false });
const config = loadConfig({ REGISTRY_URL: `${replay.url}/registry`, REGISTRY_RATE_PER_SECOND: '0', UPSTREAM_RETRY_BASE_MS: '5', UPSTREAM_RETRY_MAX_MS: '10' });
const http = new HttpClient(config.http);
const up = new UpstreamSource('REGISTRY', new URL(config.sources.registry.url!), config.sources.registry, http, new UpstreamCache(config.cache), config.http);
const src = new RegistrySource(up, config.sources.registry);
replay.faults.set('/registry/dump.json', { kind: 'status', status: 200, body: '[{"Регистрийн дугаар":"0900001"},' + '{"Оноосон нэр":"x"},'.repeat(100000) + '{}]' }, { times: 1 });
try { await src.index(); } catch (e) { console.log('drift', (e as Error).message, (e as any).code, (e as any).cause?.message); }
replay.faults.set('/registry/ownership.jsonl', { kind: 'reset' });
try { await src.ownersOf('0900500'); } catch (e) { console.log('reset', (e as Error).message, (e as any).code); }
await new Promise((r) => setTimeout(r, 200));
console.log('alive');
await http.close(); await replay.close();
