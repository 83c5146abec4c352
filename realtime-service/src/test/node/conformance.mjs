// Drives realtime-service's /connection/websocket with the official `centrifuge` SDK (npm, pinned in
// package-lock.json). Run by CentrifugoSdkConformanceIT:
//   node conformance.mjs <ws url> <realtime http base> <server api key> <token url> <user uuid>
// Tokens are real ES256 JWTs minted by the test (its JWKS is what realtime-service verifies against); events are
// published through POST /api/publish, so offsets are JetStream stream sequences.
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';

const [url, httpBase, apiKey, tokenUrl, user] = process.argv.slice(2);
const personal = `exports:${user}`;
const TOKEN_TTL = 4; // seconds; the server closes 3 s after exp unless the SDK refreshed

const log = (...a) => console.log('[conformance]', ...a);
let step = 'start';
process.on('unhandledRejection', e => { console.error('[conformance] FAIL at ' + step + ': ' + JSON.stringify(e)); process.exit(1); });
function fail(message) {
  console.error('[conformance] FAIL: ' + message);
  process.exit(1);
}
function check(condition, message) {
  if (!condition) fail(message);
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
async function waitFor(what, predicate, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) fail('timed out waiting for ' + what);
    await sleep(20);
  }
}
async function token(ttl) {
  const res = await fetch(`${tokenUrl}?ttl=${ttl}`);
  check(res.ok, 'token endpoint: ' + res.status);
  return (await res.text()).trim();
}
async function publish(channel, data) {
  const res = await fetch(`${httpBase}/api/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `apikey ${apiKey}` },
    body: JSON.stringify({ channel, data }),
  });
  const text = await res.text();
  check(res.ok, 'publish ' + channel + ': ' + res.status + ' ' + text);
  return JSON.parse(text).offset;
}
const ts = '2026-01-25T10:30:15Z';
const jobEvent = (type, jobId, extra = {}) => ({ type, payload: { job_id: jobId, ...extra }, timestamp: ts });
const exportEvent = (event, guid, status) => ({ version: 'v3-beta', event, guid, status, url: null, details: null });

// ---- client
step = '---- client';
let getTokenCalls = 0;
const states = [];
const serverSubscribed = [];
const serverPubs = [];
const client = new Centrifuge(url, {
  websocket: WebSocket,
  // Start with an expired token: the server answers error 109 and the SDK must fetch a new one with getToken.
  token: await token(-10),
  getToken: async () => { getTokenCalls++; return token(TOKEN_TTL); },
  minReconnectDelay: 100,
  maxReconnectDelay: 500,
});
client.on('state', ctx => states.push(ctx.newState));
client.on('connecting', ctx => log('connecting', ctx.code, ctx.reason));
client.on('disconnected', ctx => log('disconnected', ctx.code, ctx.reason));
client.on('error', ctx => log('error', ctx.type, JSON.stringify(ctx.error)));
client.on('subscribed', ctx => serverSubscribed.push(ctx));
client.on('publication', ctx => serverPubs.push({ channel: ctx.channel, offset: ctx.offset, data: ctx.data }));

client.connect();
await client.ready(10000);
log('connected after', getTokenCalls, 'getToken call(s)');
check(getTokenCalls === 1, 'expected exactly one getToken call after error 109, got ' + getTokenCalls);

// Server-side subscriptions (personal channels) arrive with the connect reply.
step = 'Server-side subscriptions (personal channels) arrive with th';
const personalChannels = ['exports', 'webhooks', 'user', 'user_notifications_channel', 'user_dashboard_channel',
  'notifications'].map(ns => `${ns}:${user}`);
await waitFor('server-side subscriptions', () => serverSubscribed.length >= personalChannels.length);
check(serverSubscribed.map(s => s.channel).sort().join() === personalChannels.sort().join(),
  'server-side channels: ' + JSON.stringify(serverSubscribed.map(s => s.channel)));
check(serverSubscribed.every(s => s.recoverable && s.positioned), 'server subs must be recoverable and positioned');

// Client-side subscription with publications and offsets.
step = 'Client-side subscription with publications and offsets.';
const jobPubs = [];
let jobSubscribed = [];
const sub = client.newSubscription('job:42');
sub.on('publication', ctx => jobPubs.push({ offset: ctx.offset, data: ctx.data }));
sub.on('subscribed', ctx => jobSubscribed.push(ctx));
sub.subscribe();
await sub.ready(5000);
check(jobSubscribed[0].recoverable === true, 'job:42 subscribed ctx must be recoverable');

const sent = [];
for (const type of ['job.started', 'job.retrying', 'job.started']) {
  const data = jobEvent(type, '42');
  sent.push({ offset: await publish('job:42', data), data });
}
const personalData = exportEvent('job.created', 'g-1', 'created');
const personalOffset = await publish(personal, personalData);
await waitFor('3 job publications', () => jobPubs.length >= 3);
await waitFor('personal publication', () => serverPubs.length >= 1);
check(JSON.stringify(jobPubs) === JSON.stringify(sent), 'job pubs: ' + JSON.stringify(jobPubs) + ' vs ' + JSON.stringify(sent));
check(serverPubs[0].channel === personal && serverPubs[0].offset === personalOffset
  && JSON.stringify(serverPubs[0].data) === JSON.stringify(personalData), 'personal pub: ' + JSON.stringify(serverPubs));

// Permission error on a forbidden channel (another user's personal channel): final (no retry), code 103.
step = "Permission error on a forbidden channel (another user's pers";
const forbidden = client.newSubscription('exports:00000000-0000-0000-0000-000000000000');
let forbiddenUnsub = null;
forbidden.on('unsubscribed', ctx => { forbiddenUnsub = ctx; });
forbidden.subscribe();
await waitFor('forbidden unsubscribed', () => forbiddenUnsub !== null);
check(forbiddenUnsub.code === 103, 'forbidden channel code: ' + JSON.stringify(forbiddenUnsub));
// A channel in no namespace Herald serves: 102 unknown channel.
step = 'A channel in no namespace Herald serves: 102 unknown channel';
const unknown = client.newSubscription('admin:secrets');
let unknownUnsub = null;
unknown.on('unsubscribed', ctx => { unknownUnsub = ctx; });
unknown.subscribe();
await waitFor('unknown unsubscribed', () => unknownUnsub !== null);
check(unknownUnsub.code === 102, 'unknown channel code: ' + JSON.stringify(unknownUnsub));

// History through the SDK.
step = 'History through the SDK.';
const hist = await sub.history({ limit: 2 });
check(hist.publications.length === 2 && hist.publications[1].offset === sent[2].offset
  && hist.offset === sent[2].offset && hist.epoch, 'history: ' + JSON.stringify(hist));

// Token refresh: the token expires TOKEN_TTL s after connect; the SDK must refresh it (getToken + refresh command),
step = 'Token refresh: the token expires TOKEN_TTL s after connect; ';
// or the server closes with 3005 one second after exp. Server pings every 2 s and needs pongs within 1 s meanwhile.
step = 'or the server closes with 3005 one second after exp. Server ';
const statesBefore = states.length;
await sleep((TOKEN_TTL + 3) * 1000);
check(getTokenCalls >= 2, 'expected a refresh via getToken, calls: ' + getTokenCalls);
check(states.length === statesBefore && client.state === 'connected',
  'connection must survive token expiry and pings, states: ' + JSON.stringify(states.slice(statesBefore)));
log('refreshed, getToken calls:', getTokenCalls);

// Disconnect, miss publications, reconnect: recovered exactly the missed ones, in order, for both kinds of sub.
step = 'Disconnect, miss publications, reconnect: recovered exactly ';
jobSubscribed = [];
serverSubscribed.length = 0;
client.disconnect();
await waitFor('disconnected', () => client.state === 'disconnected');
const missed = [];
for (const type of ['job.retrying', 'job.started', 'job.cancelled']) {
  const data = jobEvent(type, '42');
  missed.push({ offset: await publish('job:42', data), data });
}
await publish('job:43', jobEvent('job.started', '43')); // not subscribed: never delivered
const missedPersonal = { ...exportEvent('job.finished', 'g-1', 'finished'), url: 'https://x/y' };
const missedPersonalOffset = await publish(personal, missedPersonal);
const jobBefore = jobPubs.length;
const serverBefore = serverPubs.length;
client.connect();
await waitFor('job:42 resubscribed', () => jobSubscribed.length === 1);
await waitFor('personal resubscribed', () => serverSubscribed.some(s => s.channel === personal));
await waitFor('recovered job pubs', () => jobPubs.length >= jobBefore + 3);
await waitFor('recovered personal pub', () => serverPubs.length >= serverBefore + 1);
const js = jobSubscribed[0];
check(js.wasRecovering === true && js.recovered === true && js.hasRecoveredPublications === true,
  'job:42 recovery ctx: ' + JSON.stringify(js));
check(JSON.stringify(jobPubs.slice(jobBefore)) === JSON.stringify(missed),
  'recovered job pubs: ' + JSON.stringify(jobPubs.slice(jobBefore)) + ' expected ' + JSON.stringify(missed));
const ps = serverSubscribed.find(s => s.channel === personal);
check(ps.wasRecovering === true && ps.recovered === true, 'personal recovery ctx: ' + JSON.stringify(ps));
check(serverPubs.length === serverBefore + 1 && serverPubs[serverBefore].offset === missedPersonalOffset,
  'recovered personal pubs: ' + JSON.stringify(serverPubs.slice(serverBefore)));

// Live again after recovery, exactly once.
step = 'Live again after recovery, exactly once.';
const live = jobEvent('job.completed', '42');
const liveOffset = await publish('job:42', live);
await waitFor('live pub after recovery', () => jobPubs.length >= jobBefore + 4);
await sleep(200);
check(jobPubs.length === jobBefore + 4 && jobPubs[jobBefore + 3].offset === liveOffset, 'live after recovery: '
  + JSON.stringify(jobPubs.slice(jobBefore)));

// Unsubscribe: no more publications.
step = 'Unsubscribe: no more publications.';
sub.unsubscribe();
await waitFor('unsubscribed', () => sub.state === 'unsubscribed');
await sleep(100);
await publish('job:42', jobEvent('job.failed', '42'));
await sleep(300);
check(jobPubs.length === jobBefore + 4, 'publication after unsubscribe');

// Throttling over the Centrifugo protocol, live and recovered: a burst of progress is delivered as
step = 'Throttling over the Centrifugo protocol, live and recovered';
// P0 (first at once) + P2 (latest at the window's end); a client that was away recovers exactly that sequence.
step = "P0 (first at once) + P2 (latest at the window's end); a clie";
const throttled = [];
const tsub = client.newSubscription('job:77');
tsub.on('publication', ctx => throttled.push(ctx.offset));
tsub.on('error', ctx => log('job:77 error', JSON.stringify(ctx.error)));
tsub.on('unsubscribed', ctx => log('job:77 unsubscribed', JSON.stringify(ctx)));
tsub.subscribe();
await tsub.ready(5000);
const burst = [];
for (let i = 1; i <= 4; i++) burst.push(await publish('job:77', jobEvent('job.progress', '77', { progress: i * 10 })));
await waitFor('trailing progress', () => throttled.length >= 2);
const done = await publish('job:77', jobEvent('job.completed', '77'));
await waitFor('completed', () => throttled.length >= 3);
check(JSON.stringify(throttled) === JSON.stringify([burst[0], burst[3], done]),
  'throttled live: ' + JSON.stringify(throttled) + ' burst ' + JSON.stringify(burst));
// A second client, away during the same kind of burst, recovers the same throttled sequence.
step = 'A second client, away during the same kind of burst, recover';
const away = new Centrifuge(url, { websocket: WebSocket, getToken: async () => token(60) });
const awayPubs = [];
let awaySubscribed = [];
const asub = away.newSubscription('job:78');
asub.on('publication', ctx => awayPubs.push(ctx.offset));
asub.on('subscribed', ctx => awaySubscribed.push(ctx));
asub.on('error', ctx => log('job:78 error', JSON.stringify(ctx.error)));
asub.on('unsubscribed', ctx => log('job:78 unsubscribed', JSON.stringify(ctx)));
away.on('error', ctx => log('away error', ctx.type, JSON.stringify(ctx.error)));
asub.subscribe();
away.connect();
await asub.ready(5000);
const seed = await publish('job:78', jobEvent('job.started', '78'));
await waitFor('seed', () => awayPubs.length === 1);
away.disconnect();
await waitFor('away disconnected', () => away.state === 'disconnected');
const burst2 = [];
for (let i = 1; i <= 4; i++) burst2.push(await publish('job:78', jobEvent('job.progress', '78', { progress: i * 10 })));
await sleep(2500); // past the 1 s window + grace: the live pipeline has released the trailing progress
const done2 = await publish('job:78', jobEvent('job.completed', '78'));
awaySubscribed = [];
away.connect();
await waitFor('away recovered', () => awaySubscribed.length === 1 && awayPubs.length >= 4);
await sleep(300);
check(awaySubscribed[0].recovered === true, 'away recovery ctx: ' + JSON.stringify(awaySubscribed[0]));
check(JSON.stringify(awayPubs) === JSON.stringify([seed, burst2[0], burst2[3], done2]),
  'recovered throttled: ' + JSON.stringify(awayPubs) + ' burst ' + JSON.stringify(burst2) + ' done ' + done2);
away.disconnect();

client.disconnect();
console.log('RESULT ' + JSON.stringify({
  ok: true, getTokenCalls, jobPublications: jobPubs.length, recovered: missed.map(m => m.offset),
}));
process.exit(0);
