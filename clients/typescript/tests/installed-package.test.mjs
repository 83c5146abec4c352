// The packed @herald/client, installed into an empty directory, against a real realtime-service process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Realtime, installTarball, startJwks } from './support.mjs';

const execFileAsync = promisify(execFile);
let jwks;
let realtime;
let consumerDir;

before(async () => {
  jwks = await startJwks();
  realtime = new Realtime(jwks.jwksUrl);
  consumerDir = installTarball();
  await realtime.start();
});

after(async () => {
  await realtime?.stop();
  await realtime?.cleanup();
  jwks?.close();
});

const CONSUMER = `
import WebSocket from 'ws';
import { HeraldClient } from '@herald/client';
const [url, tokenUrl, channel] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const client = new HeraldClient({
  url, WebSocket,
  getToken: async () => (await fetch(tokenUrl)).text(),
  minReconnectDelay: 100, maxReconnectDelay: 1000,
});
client.on('state', (state) => out({ state }));
client.on('subscribed', (subscribed) => out({ subscribed }));
client.on('error', (error) => out({ error }));
client.subscribe(channel, (event, ctx) => out({ offset: ctx.offset, channel: ctx.channel, id: event.data.id, event: event.event }));
process.on('SIGTERM', () => { client.close(); process.exit(0); });
await client.connect();
`;

/** Runs the consumer script and collects what it prints. */
function runConsumer(channel) {
  writeFileSync(join(consumerDir, 'consumer.mjs'), CONSUMER);
  const child = spawn(process.execPath, ['consumer.mjs', `${realtime.ws}/ws`, jwks.tokenUrl, channel],
    { cwd: consumerDir, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  const waiting = new Set();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(JSON.parse(line));
    for (const w of [...waiting]) w();
  });
  const until = (what, predicate, timeoutMs = 90_000) => new Promise((resolve, reject) => {
    const check = () => {
      if (predicate(lines)) {
        clearTimeout(timer);
        waiting.delete(check);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      waiting.delete(check);
      reject(new Error(`timed out waiting for ${what}; consumer printed:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`));
    }, timeoutMs);
    waiting.add(check);
    check();
  });
  return { child, lines, until, events: () => lines.filter((l) => 'offset' in l) };
}

const orderUpdated = (id) => ({
  event: 'order:updated',
  data: { id, status: 'processing', changed_fields: { status: 'processing' } },
  timestamp: new Date().toISOString(),
});

test('60 order:updated events arrive in order, each offset once, across a kill -9 and restart of realtime-service', async () => {
  const channel = `order_changes@${jwks.tenant}`;
  const consumer = runConsumer('order_changes');
  try {
    await consumer.until('subscribed', (l) => l.some((x) => x.subscribed));
    for (let id = 1; id <= 20; id++) await realtime.publish(channel, orderUpdated(id));
    await consumer.until('20 events', () => consumer.events().length >= 20);

    await realtime.kill();
    await consumer.until('disconnected', (l) => l.at(-1)?.state === 'disconnected' || l.at(-1)?.state === 'connecting');
    // Published while no realtime-service runs: straight to the stream, as a backend does.
    await realtime.publishToNats(channel, Array.from({ length: 20 }, (_, i) => orderUpdated(21 + i)));

    await realtime.start();
    await consumer.until('40 events', () => consumer.events().length >= 40);
    for (let id = 41; id <= 60; id++) await realtime.publish(channel, orderUpdated(id));
    await consumer.until('60 events', () => consumer.events().length >= 60);
    // Anything delivered twice would arrive right behind the 60th.
    await realtime.publish(channel, orderUpdated(61));
    await consumer.until('the 61st event', () => consumer.events().length >= 61);

    const events = consumer.events().slice(0, 60);
    assert.deepEqual(events.map((e) => e.id), Array.from({ length: 60 }, (_, i) => i + 1), 'every event, in order');
    const offsets = consumer.events().map((e) => e.offset);
    for (let i = 1; i < offsets.length; i++) {
      assert.ok(offsets[i] > offsets[i - 1], `offsets strictly increase (each once): ${offsets.join(',')}`);
    }
    assert.equal(consumer.events().length, 61, 'no duplicate delivered');
    assert.ok(events.every((e) => e.channel === 'order_changes' && e.event === 'order:updated'));
    const resubscribed = consumer.lines.filter((l) => l.subscribed).map((l) => l.subscribed);
    assert.ok(resubscribed.some((s) => s.recovered === true), `recovered after restart: ${JSON.stringify(resubscribed)}`);
  } finally {
    consumer.child.kill('SIGTERM');
  }
});

test('an endpoint the token does not permit (4003) stops the connection with an error event, no reconnect', async () => {
  writeFileSync(join(consumerDir, 'forbidden.mjs'), `
import WebSocket from 'ws';
import { HeraldClient } from '@herald/client';
const [url, tokenUrl] = process.argv.slice(2);
const client = new HeraldClient({ url, WebSocket, getToken: async () => (await fetch(tokenUrl)).text(), minReconnectDelay: 50 });
const states = [];
client.on('state', (s) => states.push(s));
let error;
client.on('error', (e) => { error = e; });
try { await client.connect(); console.log(JSON.stringify({ connected: true })); }
catch (e) { await new Promise((r) => setTimeout(r, 500)); console.log(JSON.stringify({ rejected: e.message, error, states })); }
`);
  // async: the token endpoint runs in this process
  const r = await execFileAsync(process.execPath, ['forbidden.mjs', `${realtime.ws}/ws/jobs/not-granted`, jwks.tokenUrl],
    { cwd: consumerDir, encoding: 'utf8', timeout: 60_000 });
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1));
  assert.match(result.rejected, /4003/);
  assert.equal(result.error.code, 4003);
  assert.deepEqual(result.states, ['connecting', 'disconnected'], 'no reconnect after 4003');
});

test('the installed package type-checks a consumer under --strict, and refuses current on job.created', () => {
  writeFileSync(join(consumerDir, 'good.ts'), `
import { HeraldClient } from '@herald/client';
declare const WS: new (url: string) => any;
const client = new HeraldClient({ url: 'ws://localhost:8080/ws', getToken: async () => 't', WebSocket: WS });
client.subscribe('exports:0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b', (e, ctx) => {
  const current: number | false = e.event === 'job.progress' && e.current;
  const seen: [number | false, string, number] = [current, ctx.channel, ctx.offset];
  void seen;
});
`);
  writeFileSync(join(consumerDir, 'bad.ts'), `
import { HeraldClient } from '@herald/client';
declare const WS: new (url: string) => any;
const client = new HeraldClient({ url: 'ws://localhost:8080/ws', getToken: async () => 't', WebSocket: WS });
client.subscribe('exports:0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b', (e) => {
  if (e.event === 'job.created') void e.current;
});
`);
  const tsc = (file) => spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--strict', '--noEmit',
    '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022', file],
  { cwd: consumerDir, encoding: 'utf8' });
  const good = tsc('good.ts');
  assert.equal(good.status, 0, good.stdout + good.stderr);
  const bad = tsc('bad.ts');
  assert.notEqual(bad.status, 0, 'reading current on job.created must not compile');
  assert.match(bad.stdout, /Property 'current' does not exist on type 'ExportJobCreated'/);
});
