// In-band token refresh against a real realtime-service: the connection outlives its first token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { HeraldClient } from '../dist/index.js';
import { Realtime, startJwks } from './support.mjs';

let jwks;
let realtime;

before(async () => {
  jwks = await startJwks();
  // announce expiry 8 s ahead, so a 10 s token is announced 2 s after connecting
  realtime = new Realtime(jwks.jwksUrl, { HERALD_REALTIME_HERALD_TOKEN_EXPIRING_NOTICE: '8s' });
  await realtime.start();
});

after(async () => {
  await realtime?.stop();
  await realtime?.cleanup();
  jwks?.close();
});

/** Whether this realtime-service announces token expiry ({"type":"token_expiring"}) on the Herald protocol. */
async function announcesExpiry() {
  const ws = new WebSocket(`${realtime.ws}/ws?token=${jwks.token({ ttl: 10 })}`);
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      ws.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'token_expiring') {
          clearTimeout(timer);
          resolve(true);
        }
      });
      ws.on('close', () => resolve(false));
    });
  } finally {
    ws.terminate();
  }
}

test('token_expiring is answered with a refresh and the connection outlives its first token', async (t) => {
  if (!(await announcesExpiry())) {
    t.skip('this realtime-service does not announce token expiry (no in-band refresh): 4001 + reconnect applies');
    return;
  }
  let calls = 0;
  const client = new HeraldClient({
    url: `${realtime.ws}/ws`, WebSocket,
    getToken: async () => jwks.token({ ttl: ++calls === 1 ? 10 : 600 }),
  });
  const states = [];
  client.on('state', (s) => states.push(s));
  const received = [];
  client.subscribe('order_changes', (e, ctx) => received.push(ctx.offset));
  await client.connect();
  try {
    // past the first token's expiry (10 s) plus the server's grace for a missing refresh
    await new Promise((r) => setTimeout(r, 14_000));
    assert.equal(calls, 2, 'getToken called again for the refresh');
    assert.deepEqual(states, ['connecting', 'connected'], 'never disconnected');
    await realtime.publish(`order_changes@${jwks.tenant}`, {
      event: 'order:created', data: { id: 1 }, timestamp: new Date().toISOString(),
    });
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(received.length, 1, 'events still arrive on the refreshed connection');
  } finally {
    client.close();
  }
});
