// Test harness: a JWKS server that mints ES256 tokens, realtime-service as a real process (its own stream and
// subject prefix on the local NATS), the packed @herald/client installed into an empty directory, and a NATS
// publisher for events published while realtime-service is down.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, mkdirSync, openSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect as natsConnect } from 'nats';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const logDir = join(packageDir, 'target', 'test-logs');
mkdirSync(logDir, { recursive: true });

const b64 = (data) => Buffer.from(data).toString('base64url');

/** An ES256 key, its JWKS at /keys and a /token endpoint minting tokens for one user of one tenant. */
export async function startJwks({ user = randomUUID(), tenant = 'ts-' + randomUUID().slice(0, 8) } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
  const token = ({ ttl = 600, channels = [] } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
    const claims = b64(JSON.stringify({ iss: 'herald', sub: user, tenant, channels, iat: now, exp: now + ttl, jti: randomUUID() }));
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64(signature)}`;
  };
  const server = createServer((req, res) => {
    if (req.url === '/keys') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else if (req.url === '/token') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(token());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { user, tenant, token, jwksUrl: `${base}/keys`, tokenUrl: `${base}/token`, close: () => server.close() };
}

export async function freePort() {
  const server = createNetServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

export function realtimeJar() {
  const dir = join(repoRoot, 'realtime-service', 'target');
  const jar = readdirSync(dir).find((f) => /^realtime-service-.*\.jar$/.test(f) && !/(sources|javadoc|original|classes)/.test(f));
  if (!jar) throw new Error(`no realtime-service jar in ${dir}: build realtime-service first`);
  return join(dir, jar);
}

export const natsUrl = () => process.env.HERALD_NATS_URL || 'nats://127.0.0.1:4222';

/** realtime-service as a process; `kill()` is kill -9, `start()` starts it again with the same port and stream. */
export class Realtime {
  constructor(jwksUrl, extraEnv = {}) {
    this.extraEnv = extraEnv;
    const id = randomUUID().replace(/-/g, '').slice(0, 10);
    this.stream = `HERALD_CLIENTTS_${id}`;
    this.prefix = `clientts${id}`;
    this.serverKey = `server-key-${randomUUID()}`;
    this.jwksUrl = jwksUrl;
    this.runs = 0;
  }

  async start() {
    this.port ??= await freePort();
    const log = openSync(join(logDir, `realtime-${this.prefix}-${++this.runs}.log`), 'w');
    this.process = spawn('java', ['-jar', realtimeJar()], {
      env: {
        PATH: process.env.PATH,
        JAVA_HOME: process.env.JAVA_HOME ?? '',
        MICRONAUT_SERVER_PORT: String(this.port),
        HERALD_NATS_URL: natsUrl(),
        HERALD_STREAM: this.stream,
        HERALD_SUBJECT_PREFIX: this.prefix,
        HERALD_SERVER_API_KEY: this.serverKey,
        HERALD_AUTH_JWKS_URL: this.jwksUrl,
        ...this.extraEnv,
      },
      stdio: ['ignore', log, log],
    });
    const exited = new Promise((_, reject) => this.process.once('exit', (code) => reject(new Error(`realtime-service exited with ${code}`))));
    exited.catch(() => {});
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        const r = await fetch(`${this.http}/health`);
        if (r.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await Promise.race([new Promise((r) => setTimeout(r, 250)), exited]);
    }
    throw new Error(`realtime-service not healthy within 120 s (log in ${logDir})`);
  }

  get http() {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws() {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** kill -9: no close frames, no shutdown hook. */
  async kill() {
    const gone = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGKILL');
    await gone;
  }

  async stop() {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
      const gone = new Promise((r) => this.process.once('exit', r));
      this.process.kill('SIGTERM');
      await gone;
    }
  }

  async publish(channel, data) {
    const r = await fetch(`${this.http}/api/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `apikey ${this.serverKey}` },
      body: JSON.stringify({ channel, data }),
    });
    if (r.status !== 200) throw new Error(`publish answered ${r.status}: ${await r.text()}`);
    return r.json();
  }

  /** Publishes straight to JetStream (as a backend does), e.g. while realtime-service is down. */
  async publishToNats(channel, events) {
    const nc = await natsConnect({ servers: natsUrl() });
    try {
      const js = nc.jetstream();
      for (const event of events) {
        await js.publish(`${this.prefix}.ch.${channel}`, Buffer.from(JSON.stringify(event)));
      }
    } finally {
      await nc.close();
    }
  }

  /** Deletes the run's stream. */
  async cleanup() {
    const nc = await natsConnect({ servers: natsUrl() });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(this.stream).catch(() => {});
    } finally {
      await nc.close();
    }
  }
}

/** The tarball `npm pack` wrote during the build. */
export function tarball() {
  const file = readdirSync(packageDir).find((f) => /^herald-client-.*\.tgz$/.test(f));
  if (!file) throw new Error(`no herald-client-*.tgz in ${packageDir}: run npm pack first`);
  return join(packageDir, file);
}

/** An empty directory with the tarball (plus ws and typescript) installed, as an application would. */
export function installTarball() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-client-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const own = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).devDependencies;
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball(),
    `ws@${own.ws}`, `typescript@${own.typescript}`], { cwd: dir, stdio: ['ignore', openSync(join(logDir, 'npm-install.log'), 'w'), 'pipe'] });
  return dir;
}
