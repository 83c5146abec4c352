// The Quick Start of the export product's realtime documentation, unchanged except for the host names
// (taken from the environment) and the `ws` package passed as the WebSocket implementation (Node 20).
// Every SDK event is printed to stdout as one JSON line so the Java e2e test can follow along.
//
// env: HERALD_WS_URL      ws://127.0.0.1:<port>/connection/websocket
//      HERALD_AUTH_URL    http://127.0.0.1:<port>
//      HERALD_API_KEY     the user's API key
//      HERALD_EXIT_AFTER  exit 0 after this many publications (default: run until stdin closes)
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const exitAfter = Number(process.env.HERALD_EXIT_AFTER || 0);
let publications = 0;
let tokens = 0;

// 1. Create client with token authentication
const client = new Centrifuge(process.env.HERALD_WS_URL, {
  websocket: WebSocket,
  getToken: async () => {
    const res = await fetch(`${process.env.HERALD_AUTH_URL}/api/public/auth/socket`, {
      method: 'POST',
      headers: { 'X-AUTH-TOKEN': process.env.HERALD_API_KEY },
    });
    const data = await res.json();
    tokens++;
    out({ kind: 'token', n: tokens });
    return data.token;
  },
});

// 2. Listen for events on your exports channel
client.on('publication', (ctx) => {
  console.log('Event:', ctx.data.event, JSON.stringify(ctx.data));
  publications++;
  out({ kind: 'publication', channel: ctx.channel, offset: ctx.offset, data: ctx.data });
  if (exitAfter && publications >= exitAfter) {
    client.disconnect();
    process.exit(0);
  }
});
client.on('connected', (ctx) => out({ kind: 'connected', client: ctx.client, transport: ctx.transport }));
client.on('connecting', (ctx) => out({ kind: 'connecting', code: ctx.code, reason: ctx.reason }));
client.on('disconnected', (ctx) => out({ kind: 'disconnected', code: ctx.code, reason: ctx.reason }));
client.on('error', (ctx) => out({ kind: 'error', error: ctx.error }));
client.on('subscribed', (ctx) => out({ kind: 'subscribed', channel: ctx.channel, recovered: ctx.recovered,
  wasRecovering: ctx.wasRecovering, positioned: ctx.positioned, recoverable: ctx.recoverable,
  streamPosition: ctx.streamPosition }));
client.on('subscribing', (ctx) => out({ kind: 'subscribing', channel: ctx.channel, code: ctx.code, reason: ctx.reason }));
client.on('unsubscribed', (ctx) => out({ kind: 'unsubscribed', channel: ctx.channel, code: ctx.code, reason: ctx.reason }));

// 3. Connect
client.connect();

// Commands from the test on stdin, one JSON per line: {"cmd":"subscribe","channel":"job:1"} | {"cmd":"exit"}
const subs = new Map();
process.stdin.setEncoding('utf8');
let buf = '';
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i).trim();
    buf = buf.slice(i + 1);
    if (!line) continue;
    const cmd = JSON.parse(line);
    if (cmd.cmd === 'exit') { client.disconnect(); process.exit(0); }
    if (cmd.cmd === 'disconnect') { client.disconnect(); }
    if (cmd.cmd === 'connect') { client.connect(); }
    if (cmd.cmd === 'subscribe') {
      const sub = client.newSubscription(cmd.channel);
      sub.on('publication', (ctx) => out({ kind: 'sub_publication', channel: ctx.channel, offset: ctx.offset, data: ctx.data }));
      sub.on('subscribed', (ctx) => out({ kind: 'sub_subscribed', channel: ctx.channel, recovered: ctx.recovered }));
      sub.on('error', (ctx) => out({ kind: 'sub_error', channel: sub.channel, error: ctx.error }));
      sub.on('unsubscribed', (ctx) => out({ kind: 'sub_unsubscribed', channel: sub.channel, code: ctx.code, reason: ctx.reason }));
      subs.set(cmd.channel, sub);
      sub.subscribe();
    }
  }
});
process.stdin.on('end', () => { client.disconnect(); process.exit(0); });
