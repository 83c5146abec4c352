// Frames of the Centrifugo client protocol (JSON variant) as Herald speaks it on /connection/websocket, typed by
// hand from the protocol's definitions (field names snake_case; zero, empty and false fields omitted). Use the
// official `centrifuge` SDK to speak it; these types are for tests, proxies and tools that read the frames.
import type { HeraldEvent } from './generated/events.js';

/** A publication: the event JSON as published, with its stream offset (absent for a late progress). */
export interface CentrifugoPublication<E = HeraldEvent> {
  data: E;
  offset?: number;
}

export interface CentrifugoSubscribeRequest {
  channel: string;
  token?: string;
  recover?: boolean;
  offset?: number;
  epoch?: string;
  flag?: number;
}

export interface CentrifugoConnectRequest {
  token?: string;
  name?: string;
  version?: string;
  subs?: Record<string, { recover?: boolean; offset?: number; epoch?: string }>;
}

/** Commands (client → server): exactly one method per command. */
export type CentrifugoCommand = { id: number } & (
  | { connect: CentrifugoConnectRequest }
  | { subscribe: CentrifugoSubscribeRequest }
  | { unsubscribe: { channel: string } }
  | { history: { channel: string; limit?: number; since?: { offset?: number; epoch?: string }; reverse?: boolean } }
  | { refresh: { token: string } }
  | { publish: { channel: string; data: unknown } }
  | { presence: { channel: string } }
  | { presence_stats: { channel: string } }
  | { rpc: { method?: string; data?: unknown } }
  | { send: { data?: unknown } }
  | { ping: Record<string, never> }
  | { sub_refresh: { channel: string; token: string } }
);

export interface CentrifugoSubscribeResult {
  recoverable?: boolean;
  positioned?: boolean;
  epoch?: string;
  offset?: number;
  was_recovering?: boolean;
  recovered?: boolean;
  publications?: CentrifugoPublication[];
  expires?: boolean;
  ttl?: number;
}

export interface CentrifugoConnectResult {
  client: string;
  version: string;
  expires?: boolean;
  ttl?: number;
  subs?: Record<string, CentrifugoSubscribeResult>;
  ping?: number;
  pong?: boolean;
}

export interface CentrifugoError {
  /** 100 internal · 101 unauthorized · 102 unknown channel · 103 permission denied · 104 method not found ·
   *  105 already subscribed · 106 limit exceeded · 107 bad request · 108 not available · 109 token expired ·
   *  110 expired · 111 too many requests · 112 unrecoverable position. */
  code: number;
  message: string;
  temporary?: boolean;
}

/** Replies (server → client), matched to their command by id. */
export type CentrifugoReply = { id: number } & (
  | { error: CentrifugoError }
  | { connect: CentrifugoConnectResult }
  | { subscribe: CentrifugoSubscribeResult }
  | { unsubscribe: Record<string, never> }
  | { history: { publications?: CentrifugoPublication[]; epoch?: string; offset?: number } }
  | { refresh: { client: string; version: string; expires?: boolean; ttl?: number } }
);

/** Pushes (server → client, no id). */
export interface CentrifugoPush {
  push: {
    channel?: string;
    pub?: CentrifugoPublication;
    unsubscribe?: { code: number; reason?: string };
    disconnect?: { code: number; reason: string; reconnect?: boolean };
    message?: { data: unknown };
  };
}

/** A bare `{}`: the server's ping, and the client's pong. */
export type CentrifugoPing = Record<string, never>;

export type CentrifugoServerFrame = CentrifugoReply | CentrifugoPush | CentrifugoPing;
