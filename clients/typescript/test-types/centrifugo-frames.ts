// Centrifugo-protocol frames as Herald sends and accepts them on /connection/websocket (taken from
// docs/protocols.md), checked against the hand-written types.
import type { CentrifugoCommand, CentrifugoPush, CentrifugoReply, CentrifugoServerFrame } from '../src/index.js';

export const commands: CentrifugoCommand[] = [
  { connect: { token: 'jwt', name: 'js' }, id: 1 },
  { connect: { token: 'jwt', name: 'js', subs: { 'exports:u': { recover: true, offset: 4, epoch: 'E1' } } }, id: 7 },
  { subscribe: { channel: 'job:42', flag: 1 }, id: 3 },
  { subscribe: { channel: 'job:42', flag: 1, recover: true, offset: 3, epoch: 'E1' }, id: 8 },
  { subscribe: { channel: 'job:7', token: 'sub-jwt' }, id: 4 },
  { unsubscribe: { channel: 'job:42' }, id: 9 },
  { history: { channel: 'job:1', limit: 1, since: { offset: 1, epoch: 'E1' } }, id: 3 },
  { refresh: { token: 'jwt' }, id: 6 },
];

export const replies: CentrifugoReply[] = [
  { id: 1, error: { code: 109, message: 'token expired' } },
  {
    id: 2,
    connect: {
      client: 'cf26c397', version: 'herald', expires: true, ttl: 840, ping: 25, pong: true,
      subs: { 'exports:u': { recoverable: true, epoch: 'E1', positioned: true } },
    },
  },
  { id: 3, subscribe: { recoverable: true, epoch: 'E1', positioned: true } },
  {
    id: 8,
    subscribe: {
      recoverable: true, epoch: 'E1', offset: 7, positioned: true, was_recovering: true, recovered: true,
      publications: [{ data: { type: 'job.progress', payload: { job_id: '42', progress: 40 }, timestamp: '2026-01-25T10:30:00Z' }, offset: 5 }],
    },
  },
  { id: 9, unsubscribe: {} },
  { id: 5, history: { publications: [], epoch: 'E1', offset: 3 } },
  { id: 6, refresh: { client: 'cf26c397', version: 'herald', expires: true, ttl: 900 } },
];

export const pushes: CentrifugoPush[] = [
  {
    push: {
      channel: 'order_changes',
      pub: { data: { event: 'order:created', data: { id: 1 }, timestamp: '2026-01-25T10:30:00Z' }, offset: 7 },
    },
  },
];

export const ping: CentrifugoServerFrame = {};
