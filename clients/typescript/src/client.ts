import type { ChannelEvent, HeraldEvent } from './generated/events.js';
import { CloseCodes } from './protocol.js';
import type { DeliveryFields, HeraldClientFrame, SubscribeWithEpochFrame } from './protocol.js';

/** The part of the WebSocket API the client uses: the browser's `WebSocket` and Node's `ws` both have it. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: any) => unknown) | null;
  onmessage: ((ev: { data: unknown }) => unknown) | null;
  onclose: ((ev: { code: number; reason: string }) => unknown) | null;
  onerror: ((ev: any) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws`'s default export in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface HeraldClientOptions {
  /** `ws://host:8080/ws` (or a dedicated endpoint such as `/ws/jobs/42`). */
  url: string;
  /** Called before every connection attempt and on `token_expiring`; the token goes in `?token=`. Omit it when a
   *  session cookie authenticates the browser. */
  getToken?: () => string | Promise<string>;
  /** The WebSocket implementation; defaults to `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** First reconnect delay bound, ms (doubles per failed attempt, full jitter). Defaults to 500. */
  minReconnectDelay?: number;
  /** Largest reconnect delay bound, ms. Defaults to 20000. */
  maxReconnectDelay?: number;
  /** Interval between pings, ms; the server closes a silent connection after 60 s by default. Defaults to 25000. */
  pingInterval?: number;
  /** How long to wait for any frame after a ping before the connection is considered dead, ms. Defaults to 10000. */
  pongTimeout?: number;
}

/** What the client knows about a delivered event besides its body. */
export interface EventContext {
  /** The channel as subscribed. */
  channel: string;
  /** The event's stream offset. */
  offset: number;
  /** True for a progress released after later events: it does not move the channel's position. */
  late: boolean;
  /** True when the event is part of the channel's current state sent on subscribe. */
  snapshot: boolean;
}

/** Problems reported through `on('error', …)`. */
export interface HeraldClientError {
  /** `connection` (the connection stops: 4003, 4009, 1009, or a `getToken` failure is retried), `subscription` (the
   *  server refused a subscribe: the subscription is dropped), `server` (an error frame), `refresh`. */
  kind: 'connection' | 'subscription' | 'server' | 'refresh';
  message: string;
  /** The server's error code (`forbidden`, `bad_channel`, …) or the close code. */
  code?: string | number;
  /** The subscription concerned, when there is one. */
  channel?: string;
}

/** Reported through `on('subscribed', …)` each time a subscription is (re)confirmed by the server. */
export interface SubscribedInfo {
  channel: string;
  /** Present when the client asked to recover: false means events were missed and cannot be replayed (reload the
   *  application's state), true means every missed event follows. */
  recovered?: boolean;
  epoch?: string;
  offset?: number;
}

interface Events {
  state: ConnectionState;
  error: HeraldClientError;
  subscribed: SubscribedInfo;
}

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Ask for the channel's current state on the first subscribe (the latest event of every running job, recently
   *  finished jobs' final events, or a plain channel's latest event), delivered with `ctx.snapshot === true` before
   *  live events. A resubscribe after a reconnect recovers from the position instead. Defaults to true. */
  snapshot?: boolean;
}

export type EventHandler<C extends string> = (event: ChannelEvent<C>, ctx: EventContext) => void;

/** A subscription handle. */
export interface Subscription {
  readonly channel: string;
  /** The highest offset delivered on the channel (0 before the first event). */
  readonly position: number;
  /** Stops delivery and tells the server. */
  unsubscribe(): void;
}

/** Offsets already handed to the application below the position (late progress), so none is delivered twice. */
const SEEN_LIMIT = 1024;

class ChannelSubscription implements Subscription {
  position = 0;
  epoch: string | undefined;
  active = true;
  readonly seen = new Set<number>();
  /** True while a subscribe with `since` is unanswered: the server may already be sending live events on a channel
   *  it subscribed by itself (personal channels), and they must not overtake the replay. */
  recovering = false;
  /** Events that arrived while recovering; replayed by the server when recovery succeeds, delivered otherwise. */
  early: { event: HeraldEvent; ctx: EventContext }[] = [];
  /** True until the server confirmed the first subscribe: only that one asks for the snapshot. */
  snapshotPending: boolean;

  constructor(
    readonly channel: string,
    readonly handler: (event: HeraldEvent, ctx: EventContext) => void,
    private readonly owner: HeraldClient,
    snapshot: boolean,
  ) {
    this.snapshotPending = snapshot;
  }

  unsubscribe(): void {
    if (this.active) {
      this.active = false;
      this.owner.remove(this);
    }
  }

  /** Applies the delivery rules; returns whether the application gets the event. */
  accept(offset: number, late: boolean, snapshot: boolean): boolean {
    if (this.seen.has(offset)) {
      return false;
    }
    if (snapshot) {
      // The state follows `subscribed`, whose offset may already be the position: below it, but never seen.
      this.position = Math.max(this.position, offset);
    } else if (!late) {
      if (offset <= this.position) {
        return false;
      }
      this.position = offset;
    }
    this.seen.add(offset);
    if (this.seen.size > SEEN_LIMIT) {
      this.seen.delete(this.seen.values().next().value as number);
    }
    return true;
  }
}

const CONTROL = new Set(['connected', 'subscribed', 'unsubscribed', 'pong', 'error', 'token_expiring', 'refreshed']);
const SUBSCRIBE_ERRORS = new Set(['forbidden', 'bad_channel', 'bad_since', 'subscription_limit']);

/**
 * A client for Herald's JSON WebSocket protocol. It reconnects with exponentially growing, fully jittered delays
 * chosen by the close code, resubscribes with the highest offset seen per channel so the server replays what was
 * missed, never hands the application the same offset of a channel twice, pings, and refreshes its token in-band.
 */
export class HeraldClient {
  private readonly options: Required<Omit<HeraldClientOptions, 'getToken' | 'WebSocket'>> &
    Pick<HeraldClientOptions, 'getToken'>;
  private readonly WS: WebSocketConstructor;
  private readonly subs = new Map<string, ChannelSubscription>();
  private readonly listeners: { [K in keyof Events]: Set<(value: Events[K]) => void> } = {
    state: new Set(),
    error: new Set(),
    subscribed: new Set(),
  };
  private ws: WebSocketLike | null = null;
  private currentState: ConnectionState = 'disconnected';
  private wanted = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  /** Subscribes go one at a time: the server's error frame names no channel, so order tells which one failed. */
  private readonly subscribeQueue: ChannelSubscription[] = [];
  private inFlight: ChannelSubscription | null = null;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(options: HeraldClientOptions) {
    if (!options || typeof options.url !== 'string') {
      throw new TypeError('HeraldClient needs options.url');
    }
    const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WS) {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket (in Node: the ws package)');
    }
    this.WS = WS;
    this.options = {
      url: options.url,
      getToken: options.getToken,
      minReconnectDelay: options.minReconnectDelay ?? 500,
      maxReconnectDelay: options.maxReconnectDelay ?? 20_000,
      pingInterval: options.pingInterval ?? 25_000,
      pongTimeout: options.pongTimeout ?? 10_000,
    };
  }

  /** The connection's state. */
  get state(): ConnectionState {
    return this.currentState;
  }

  /** Listens to `state`, `error` or `subscribed`; returns a function that stops listening. */
  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /**
   * Subscribes to a channel. The handler gets each event once, in stream order (a late progress excepted), typed by
   * the channel's namespace: `exports:…` gives export events, `order_changes` entity changes, and so on. The first
   * subscribe asks for the channel's current state (`options.snapshot`, default true).
   */
  subscribe<C extends string>(channel: C, handler: EventHandler<C>, options: SubscribeOptions = {}): Subscription {
    if (this.subs.has(channel)) {
      throw new Error(`already subscribed to ${channel}`);
    }
    const sub = new ChannelSubscription(channel, handler as (e: HeraldEvent, c: EventContext) => void, this,
      options.snapshot ?? true);
    this.subs.set(channel, sub);
    if (this.currentState === 'connected') {
      this.enqueueSubscribe(sub);
    }
    return sub;
  }

  /** Opens the connection (and keeps it open until `close()`); resolves once the server said `connected`. */
  connect(): Promise<void> {
    if (this.currentState === 'connected') {
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.wanted) {
      this.wanted = true;
      this.attempt = 0;
      void this.open();
    }
    return done;
  }

  /** Closes the connection for good; subscriptions stay registered and resume on the next `connect()`. */
  close(): void {
    this.wanted = false;
    clearTimeout(this.reconnectTimer);
    this.teardown(1000, 'client closed');
    this.setState('disconnected');
    this.settle(new Error('closed'));
  }

  /** @internal */
  remove(sub: ChannelSubscription): void {
    if (this.subs.get(sub.channel) === sub) {
      this.subs.delete(sub.channel);
      const queued = this.subscribeQueue.indexOf(sub);
      if (queued >= 0) {
        this.subscribeQueue.splice(queued, 1);
      }
      if (this.currentState === 'connected') {
        this.send({ type: 'unsubscribe', channel: sub.channel });
      }
    }
  }

  private async open(): Promise<void> {
    if (!this.wanted) {
      return;
    }
    this.setState('connecting');
    let url = this.options.url;
    if (this.options.getToken) {
      let token: string;
      try {
        token = await this.options.getToken();
      } catch (e) {
        this.emit('error', { kind: 'connection', message: `getToken failed: ${String(e)}` });
        this.scheduleReconnect();
        return;
      }
      if (!this.wanted) {
        return;
      }
      url += (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
    }
    let ws: WebSocketLike;
    try {
      ws = new this.WS(url);
    } catch (e) {
      this.emit('error', { kind: 'connection', message: `cannot open ${this.options.url}: ${String(e)}` });
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onmessage = (ev) => this.receive(String(ev.data));
    ws.onerror = () => {
      /* a close event always follows */
    };
    ws.onclose = (ev) => this.closed(ws, ev.code, ev.reason);
    ws.onopen = () => this.startHeartbeat();
  }

  private receive(text: string): void {
    this.heard();
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.emit('error', { kind: 'server', message: 'the server sent a frame that is not JSON' });
      return;
    }
    const type = frame.type;
    if (typeof frame.offset === 'number' && typeof frame.channel === 'string'
      && !(typeof type === 'string' && CONTROL.has(type) && !('payload' in frame))) {
      this.deliver(frame);
      return;
    }
    switch (type) {
      case 'connected':
        this.attempt = 0;
        this.setState('connected');
        this.settle();
        for (const sub of this.subs.values()) {
          this.enqueueSubscribe(sub);
        }
        break;
      case 'subscribed': {
        const channel = String(frame.channel);
        const sub = this.subs.get(channel);
        if (this.inFlight && this.inFlight.channel === channel) {
          this.inFlight = null;
        }
        if (sub && typeof frame.epoch === 'string') {
          if (sub.epoch !== undefined && sub.epoch !== frame.epoch) {
            // The stream was re-created: old offsets mean nothing any more.
            sub.position = 0;
            sub.seen.clear();
          }
          sub.epoch = frame.epoch;
        }
        if (sub && sub.snapshotPending) {
          sub.snapshotPending = false;
          // The answer to a snapshot subscribe carries the channel's latest offset: the position to recover from.
          if (typeof frame.offset === 'number' && frame.offset > sub.position) {
            sub.position = frame.offset;
          }
        }
        if (sub && sub.recovering) {
          sub.recovering = false;
          const early = sub.early;
          sub.early = [];
          if (frame.recovered !== true) {
            // nothing is replayed: what arrived meanwhile is all there is
            for (const { event, ctx } of early) this.hand(sub, event, ctx);
          }
        }
        const info: SubscribedInfo = { channel };
        if (typeof frame.recovered === 'boolean') info.recovered = frame.recovered;
        if (typeof frame.epoch === 'string') info.epoch = frame.epoch;
        if (typeof frame.offset === 'number') info.offset = frame.offset;
        this.emit('subscribed', info);
        this.nextSubscribe();
        break;
      }
      case 'error': {
        const code = typeof frame.code === 'string' ? frame.code : undefined;
        const message = typeof frame.message === 'string' ? frame.message : 'error';
        const failed = this.inFlight;
        if (failed && code && SUBSCRIBE_ERRORS.has(code)) {
          this.inFlight = null;
          this.subs.delete(failed.channel);
          failed.active = false;
          this.emit('error', { kind: 'subscription', message, code, channel: failed.channel });
          this.nextSubscribe();
        } else {
          this.emit('error', { kind: 'server', message, ...(code ? { code } : {}) });
        }
        break;
      }
      case 'token_expiring':
        void this.refresh();
        break;
      case 'refreshed':
      case 'pong':
      case 'unsubscribed':
        break;
      default:
        break;
    }
  }

  private deliver(frame: Record<string, unknown>): void {
    const { channel, offset, late, snapshot, ...event } = frame as Record<string, unknown> & DeliveryFields;
    const sub = this.subs.get(channel);
    if (!sub || !sub.active) {
      return;
    }
    const ctx: EventContext = { channel, offset, late: late === true, snapshot: snapshot === true };
    if (sub.recovering) {
      sub.early.push({ event: event as unknown as HeraldEvent, ctx });
      return;
    }
    this.hand(sub, event as unknown as HeraldEvent, ctx);
  }

  private hand(sub: ChannelSubscription, event: HeraldEvent, ctx: EventContext): void {
    if (!sub.accept(ctx.offset, ctx.late, ctx.snapshot)) {
      return;
    }
    try {
      sub.handler(event, ctx);
    } catch (e) {
      // An application error must not break delivery to the other subscriptions.
      setTimeout(() => {
        throw e;
      });
    }
  }

  private enqueueSubscribe(sub: ChannelSubscription): void {
    if (sub.position > 0) {
      sub.recovering = true;
      sub.early = [];
    }
    if (!this.subscribeQueue.includes(sub)) {
      this.subscribeQueue.push(sub);
    }
    if (!this.inFlight) {
      this.nextSubscribe();
    }
  }

  private nextSubscribe(): void {
    while (!this.inFlight && this.subscribeQueue.length > 0) {
      const sub = this.subscribeQueue.shift()!;
      if (!sub.active || this.subs.get(sub.channel) !== sub) {
        continue;
      }
      this.inFlight = sub;
      const frame: SubscribeWithEpochFrame = { type: 'subscribe', channel: sub.channel };
      if (sub.position > 0) {
        frame.since = sub.position;
        if (sub.epoch !== undefined) {
          frame.epoch = sub.epoch;
        }
      } else if (sub.snapshotPending) {
        frame.snapshot = true;
      }
      this.send(frame);
    }
  }

  private async refresh(): Promise<void> {
    if (!this.options.getToken) {
      return;
    }
    const ws = this.ws;
    try {
      const token = await this.options.getToken();
      if (this.ws === ws) {
        this.send({ type: 'refresh', token });
      }
    } catch (e) {
      this.emit('error', { kind: 'refresh', message: `getToken failed: ${String(e)}` });
    }
  }

  private closed(ws: WebSocketLike, code: number, reason: string): void {
    if (this.ws !== ws) {
      return;
    }
    this.ws = null;
    this.stopHeartbeat();
    this.resetSubscribes();
    if (!this.wanted) {
      return;
    }
    if (code === CloseCodes.FORBIDDEN || code === CloseCodes.MESSAGE_TOO_BIG || code === CloseCodes.DISCONNECTED) {
      this.wanted = false;
      this.setState('disconnected');
      const message = code === CloseCodes.FORBIDDEN ? 'not permitted for this endpoint'
        : code === CloseCodes.DISCONNECTED ? 'disconnected by the server' : 'frame too large';
      this.emit('error', { kind: 'connection', message: reason || message, code });
      this.settle(new Error(`connection refused: ${code} ${reason || message}`));
      return;
    }
    // 4001: the next attempt calls getToken again. 1001, 1006, 4008, 4013, 4029 and anything else: recover.
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.setState('disconnected');
    if (!this.wanted) {
      return;
    }
    const ceiling = Math.min(this.options.maxReconnectDelay, this.options.minReconnectDelay * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const delay = Math.random() * ceiling; // full jitter
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  private resetSubscribes(): void {
    this.inFlight = null;
    this.subscribeQueue.length = 0;
    for (const sub of this.subs.values()) {
      sub.recovering = false;
      sub.early = [];
    }
  }

  private teardown(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = null;
    this.stopHeartbeat();
    this.resetSubscribes();
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.onopen = null;
      try {
        ws.close(code, reason);
      } catch {
        /* already closing */
      }
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      this.send({ type: 'ping' });
      if (this.pongTimer === undefined) {
        this.pongTimer = setTimeout(() => {
          // Nothing heard since the ping: the connection is dead even if no close event arrives.
          this.teardown(4000, 'no pong');
          this.resetSubscribes();
          this.scheduleReconnect();
        }, this.options.pongTimeout);
      }
    }, this.options.pingInterval);
  }

  private heard(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.heard();
  }

  private send(frame: HeraldClientFrame): void {
    if (this.ws && this.ws.readyState === 1) {
      this.ws.send(JSON.stringify(frame));
    }
  }

  private setState(state: ConnectionState): void {
    if (this.currentState !== state) {
      this.currentState = state;
      this.emit('state', state);
    }
  }

  private settle(error?: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }

  private emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const listener of [...this.listeners[event]]) {
      try {
        listener(value);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}
