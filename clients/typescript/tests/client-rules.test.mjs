// The client's delivery and reconnect rules, against a scripted in-process WebSocket (no server): what the
// application sees for duplicates, late events, epochs, close codes, refused subscribes and token expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeraldClient } from '../dist/index.js';

/** A WebSocket whose server side the test scripts. */
function scriptedSockets() {
  const sockets = [];
  class ScriptedSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      sockets.push(this);
      queueMicrotask(() => {
        this.readyState = 1;
        this.onopen?.({});
      });
    }
    send(data) {
      this.sent.push(JSON.parse(data));
    }
    close() {
      this.readyState = 3;
    }
    // server side
    frame(f) {
      this.onmessage?.({ data: JSON.stringify(f) });
    }
    drop(code, reason = '') {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
  }
  return { sockets, WebSocket: ScriptedSocket };
}

const until = async (predicate, what) => {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out: ${what}`);
};

const order = (id, offset, extra = {}) => ({
  event: 'order:updated', data: { id, changed_fields: {} }, timestamp: '2026-01-25T10:30:00Z',
  channel: 'order_changes', offset, ...extra,
});

function newClient(opts = {}) {
  const { sockets, WebSocket } = scriptedSockets();
  let tokens = 0;
  const client = new HeraldClient({
    url: 'ws://herald.test/ws', WebSocket, getToken: async () => `t${++tokens}`,
    minReconnectDelay: 1, maxReconnectDelay: 5, ...opts,
  });
  return { client, sockets, tokens: () => tokens };
}

test('duplicates are dropped, late events delivered once without moving the position, since and epoch sent on reconnect', async () => {
  const { client, sockets } = newClient();
  const got = [];
  const sub = client.subscribe('order_changes', (e, ctx) => got.push([ctx.offset, ctx.late, e.data.id, 'channel' in e]));
  const connected = client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  await connected;
  assert.deepEqual(sockets[0].sent, [{ type: 'subscribe', channel: 'order_changes', snapshot: true }]);
  sockets[0].frame({ type: 'subscribed', channel: 'order_changes' });
  sockets[0].frame(order(1, 10));
  sockets[0].frame(order(2, 12));
  sockets[0].frame(order(2, 12)); // duplicate
  sockets[0].frame(order(9, 11, { late: true }));
  sockets[0].frame(order(9, 11, { late: true })); // the same late offset again
  sockets[0].frame(order(1, 10)); // replayed old offset
  assert.deepEqual(got, [[10, false, 1, false], [12, false, 2, false], [11, true, 9, false]]);
  assert.equal(sub.position, 12);

  sockets[0].drop(1006);
  await until(() => sockets.length === 2 && sockets[1].readyState === 1, 'reconnect after 1006');
  sockets[1].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  assert.deepEqual(sockets[1].sent, [{ type: 'subscribe', channel: 'order_changes', since: 12 }]);
  sockets[1].frame({ type: 'subscribed', channel: 'order_changes', recovered: true, epoch: 'E1', offset: 14 });
  sockets[1].frame(order(2, 12));
  sockets[1].frame(order(3, 14));
  assert.deepEqual(got.map((g) => g[0]), [10, 12, 11, 14]);

  sockets[1].drop(1001);
  await until(() => sockets.length === 3 && sockets[2].readyState === 1, 'reconnect after 1001');
  sockets[2].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  assert.deepEqual(sockets[2].sent, [{ type: 'subscribe', channel: 'order_changes', since: 14, epoch: 'E1' }]);
  // the stream was re-created: a new epoch restarts offsets
  sockets[2].frame({ type: 'subscribed', channel: 'order_changes', recovered: false, epoch: 'E2', offset: 3 });
  sockets[2].frame(order(4, 4));
  assert.deepEqual(got.map((g) => g[0]), [10, 12, 11, 14, 4]);
  client.close();
});

test('4001 fetches a new token and reconnects; 4003, 4009 and 1009 stop with an error event', async () => {
  const { client, sockets, tokens } = newClient();
  const errors = [];
  client.on('error', (e) => errors.push(e));
  void client.connect().catch(() => {});
  await until(() => sockets.length === 1, 'first socket');
  assert.match(sockets[0].url, /token=t1$/);
  sockets[0].drop(4001, 'token expired');
  await until(() => sockets.length === 2, 'reconnect after 4001');
  assert.equal(tokens(), 2);
  assert.match(sockets[1].url, /token=t2$/);
  for (const code of [4008, 4013, 4029]) {
    const n = sockets.length;
    sockets[n - 1].drop(code);
    await until(() => sockets.length === n + 1, `reconnect after ${code}`);
  }
  sockets.at(-1).drop(4003, 'not permitted');
  await new Promise((r) => setTimeout(r, 30));
  const count = sockets.length;
  assert.equal(client.state, 'disconnected');
  assert.deepEqual(errors.map((e) => [e.kind, e.code]), [['connection', 4003]]);

  const second = newClient();
  const failed = second.client.connect();
  await until(() => second.sockets.length === 1, 'socket');
  second.sockets[0].drop(1009, 'frame too large');
  await assert.rejects(failed, /1009/);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(second.sockets.length, 1, 'no reconnect after 1009');
  assert.equal(sockets.length, count, 'no reconnect after 4003');

  // disconnected by the server: the client stops, and does not ask for a new token either
  const third = newClient();
  const thirdErrors = [];
  third.client.on('error', (e) => thirdErrors.push(e));
  void third.client.connect().catch(() => {});
  await until(() => third.sockets.length === 1, 'socket');
  third.sockets[0].drop(4009, 'disconnected by the server');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(third.client.state, 'disconnected');
  assert.equal(third.sockets.length, 1, 'no reconnect after 4009');
  assert.equal(third.tokens(), 1, 'no new token after 4009');
  assert.deepEqual(thirdErrors.map((e) => [e.kind, e.code]), [['connection', 4009]]);
});

test('a refused subscribe drops only that subscription; subscribes go one at a time', async () => {
  const { client, sockets } = newClient();
  const errors = [];
  client.on('error', (e) => errors.push(e));
  client.subscribe('job:secret', () => {});
  const ok = [];
  client.subscribe('order_changes', (e, ctx) => ok.push(ctx.offset));
  void client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  assert.deepEqual(sockets[0].sent, [{ type: 'subscribe', channel: 'job:secret', snapshot: true }]);
  sockets[0].frame({ type: 'error', code: 'forbidden', message: 'not permitted to subscribe to job:secret' });
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'subscribe', channel: 'order_changes', snapshot: true });
  assert.deepEqual(errors, [{ kind: 'subscription', code: 'forbidden', channel: 'job:secret', message: 'not permitted to subscribe to job:secret' }]);
  sockets[0].frame({ type: 'subscribed', channel: 'order_changes' });
  sockets[0].frame(order(1, 5));
  assert.deepEqual(ok, [5]);
  client.close();
});

test('token_expiring is answered with an in-band refresh carrying a new token', async () => {
  const { client, sockets } = newClient();
  void client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  sockets[0].frame({ type: 'token_expiring', expires: 1_900_000_000 });
  await until(() => sockets[0].sent.some((f) => f.type === 'refresh'), 'refresh frame');
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'refresh', token: 't2' });
  sockets[0].frame({ type: 'refreshed', expires: 1_900_000_900 });
  assert.equal(client.state, 'connected');
  assert.equal(sockets.length, 1);
  client.close();
});

test('pings, and a silent connection is dropped and replaced', async () => {
  const { client, sockets } = newClient({ pingInterval: 20, pongTimeout: 20 });
  void client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  await until(() => sockets[0].sent.some((f) => f.type === 'ping'), 'ping');
  await until(() => sockets.length === 2, 'reconnect after no pong');
  client.close();
});

test('live events of a channel the server joined by itself do not overtake the replay after a reconnect', async () => {
  const { client, sockets } = newClient();
  const got = [];
  const exports = 'exports:u1';
  const job = (n, offset) => ({ version: 'v3-beta', event: 'job.created', guid: `g${n}`, status: 's', url: null, channel: exports, offset });
  client.subscribe(exports, (e, ctx) => got.push(ctx.offset));
  void client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u1', channels: [exports] });
  sockets[0].frame({ type: 'subscribed', channel: exports });
  sockets[0].frame(job(1, 10));
  sockets[0].drop(1006);
  await until(() => sockets.length === 2 && sockets[1].readyState === 1, 'reconnect');
  sockets[1].frame({ type: 'connected', message: 'ok', userId: 'u1', channels: [exports] });
  sockets[1].frame(job(4, 14)); // live, before the answer to the subscribe with since=10
  sockets[1].frame({ type: 'subscribed', channel: exports, recovered: true, epoch: 'E', offset: 14 });
  for (const [n, o] of [[2, 11], [3, 13], [4, 14]]) sockets[1].frame(job(n, o));
  sockets[1].frame(job(5, 15));
  assert.deepEqual(got, [10, 11, 13, 14, 15]);

  sockets[1].drop(1006);
  await until(() => sockets.length === 3 && sockets[2].readyState === 1, 'reconnect');
  sockets[2].frame({ type: 'connected', message: 'ok', userId: 'u1', channels: [exports] });
  sockets[2].frame(job(7, 20));
  sockets[2].frame({ type: 'subscribed', channel: exports, recovered: false, epoch: 'E', offset: 20 });
  assert.deepEqual(got, [10, 11, 13, 14, 15, 20], 'an unrecovered gap: what arrived meanwhile is delivered');
  client.close();
});

test('the first subscribe asks for the snapshot, delivered marked and counted for the position; a resubscribe recovers with since', async () => {
  const { client, sockets } = newClient();
  const got = [];
  const channel = 'job:42';
  const job = (type, id, progress, offset, extra = {}) => ({
    type, payload: { job_id: id, progress }, timestamp: '2026-01-25T10:30:00Z', channel, offset, ...extra,
  });
  const sub = client.subscribe(channel, (e, ctx) => got.push([ctx.offset, ctx.snapshot, e.type, 'snapshot' in e]));
  const quiet = client.subscribe('order_changes', () => {}, { snapshot: false });
  void client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  assert.deepEqual(sockets[0].sent, [{ type: 'subscribe', channel, snapshot: true }]);
  // the answer's offset is the channel's latest: the state's events lie below it
  sockets[0].frame({ type: 'subscribed', channel, recovered: true, epoch: 'E', offset: 311 });
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'subscribe', channel: 'order_changes' }, 'snapshot: false asks for none');
  sockets[0].frame({ type: 'subscribed', channel: 'order_changes' });
  sockets[0].frame(job('job.completed', '41', 100, 305, { snapshot: true }));
  sockets[0].frame(job('job.progress', '42', 40, 307, { snapshot: true }));
  sockets[0].frame(job('job.progress', '42', 40, 307, { snapshot: true })); // the same offset again
  sockets[0].frame(job('job.progress', '42', 40, 307)); // and once more unmarked
  sockets[0].frame(job('job.progress', '42', 50, 312));
  assert.deepEqual(got, [[305, true, 'job.completed', false], [307, true, 'job.progress', false], [312, false, 'job.progress', false]]);
  assert.equal(sub.position, 312);
  assert.equal(quiet.position, 0);

  // reconnect: recovery from the position, never a second snapshot
  sockets[0].drop(1006);
  await until(() => sockets.length === 2 && sockets[1].readyState === 1, 'reconnect');
  sockets[1].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  assert.deepEqual(sockets[1].sent, [{ type: 'subscribe', channel, since: 312, epoch: 'E' }]);
  sockets[1].frame({ type: 'subscribed', channel, recovered: true, epoch: 'E', offset: 314 });
  sockets[1].frame(job('job.progress', '42', 60, 314));
  assert.deepEqual(got.map((g) => g[0]), [305, 307, 312, 314]);
  client.close();
});

test('a snapshot subscribe that answers before any event still makes the next subscribe a recovery', async () => {
  const { client, sockets } = newClient();
  const sub = client.subscribe('order_changes', () => {});
  void client.connect();
  await until(() => sockets.length === 1 && sockets[0].readyState === 1, 'socket');
  sockets[0].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  sockets[0].frame({ type: 'subscribed', channel: 'order_changes', recovered: true, epoch: 'E', offset: 90 });
  assert.equal(sub.position, 90);
  sockets[0].drop(1001);
  await until(() => sockets.length === 2 && sockets[1].readyState === 1, 'reconnect');
  sockets[1].frame({ type: 'connected', message: 'ok', userId: 'u', channels: [] });
  assert.deepEqual(sockets[1].sent, [{ type: 'subscribe', channel: 'order_changes', since: 90, epoch: 'E' }]);
  client.close();
});
