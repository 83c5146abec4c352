export { HeraldClient } from './client.js';
export type {
  ConnectionState,
  EventContext,
  EventHandler,
  HeraldClientError,
  HeraldClientOptions,
  SubscribedInfo,
  SubscribeOptions,
  Subscription,
  WebSocketConstructor,
  WebSocketLike,
} from './client.js';
export { CloseCodes } from './protocol.js';
export type * from './protocol.js';
export type * from './centrifugo.js';
export type * from './generated/events.js';
