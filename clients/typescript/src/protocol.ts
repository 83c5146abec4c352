// Frames of Herald's JSON protocol that the schemas do not (yet) describe, and the union the client decodes.
import type {
  ConnectedFrame,
  ErrorFrame,
  HeraldEvent,
  HeraldSchemaClientFrame,
  PongFrame,
  SubscribedFrame,
  UnsubscribedFrame,
} from './generated/events.js';

/** Sent by the server a configurable time before the connection's token expires. */
export interface TokenExpiringFrame {
  type: 'token_expiring';
  /** The token's expiry, epoch seconds. */
  expires: number;
}

/** The answer to a successful in-band token refresh. */
export interface RefreshedFrame {
  type: 'refreshed';
  /** The new token's expiry, epoch seconds. */
  expires: number;
}

/** Client → server: replaces the connection's token without reconnecting. */
export interface RefreshFrame {
  type: 'refresh';
  token: string;
}

/** Client → server subscribe, with the epoch of the offset in `since` (the server reports a changed epoch). */
export interface SubscribeWithEpochFrame {
  type: 'subscribe';
  channel: string;
  since?: number;
  epoch?: string;
  /** Ask for the channel's current state first (never together with `since`). */
  snapshot?: boolean;
}

/** Fields the server adds to every event it delivers. */
export interface DeliveryFields {
  /** The channel as the client subscribed it (`order_changes` for `order_changes@<tenant>`). */
  channel: string;
  /** The event's stream offset: strictly increasing per channel, not contiguous. */
  offset: number;
  /** A progress released after later events: delivered, but below the channel's position. */
  late?: boolean;
  /** Part of a channel's current state sent on subscribe. */
  snapshot?: boolean;
}

/** An event as it travels on the wire: the event JSON plus the delivery fields. */
export type EventFrame<E = HeraldEvent> = E & DeliveryFields;

/** Every control frame the server sends. */
export type HeraldServerControlFrame =
  | ConnectedFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | PongFrame
  | ErrorFrame
  | TokenExpiringFrame
  | RefreshedFrame;

/** Every frame a Herald client sends. */
export type HeraldClientFrame = HeraldSchemaClientFrame | SubscribeWithEpochFrame | RefreshFrame;

/** Every frame a Herald server sends. */
export type HeraldServerFrame = HeraldServerControlFrame | EventFrame;

/** Close codes of Herald's JSON protocol. */
export const CloseCodes = {
  /** Server going away (graceful shutdown): reconnect and recover. */
  GOING_AWAY: 1001,
  /** The connection dropped without a close frame: reconnect and recover. */
  ABNORMAL: 1006,
  /** Frame too large: terminal. */
  MESSAGE_TOO_BIG: 1009,
  /** Invalid or expired token: get a new token, then reconnect. */
  INVALID_TOKEN: 4001,
  /** Not permitted for the endpoint's room: terminal. */
  FORBIDDEN: 4003,
  /** No heartbeat: reconnect. */
  NO_HEARTBEAT: 4008,
  /** The server ended the user's sessions (`POST /api/disconnect`): terminal, do not reconnect with this token. */
  DISCONNECTED: 4009,
  /** Slow client (outbound queue overflow): reconnect and recover. */
  SLOW: 4013,
  /** Too many connections or messages: reconnect after backing off. */
  TOO_MANY: 4029,
} as const;
