// Compile-time checks of the typed API: `tsc --strict` must accept every line, and every `@ts-expect-error` line
// must be an error (an unused directive fails the compilation).
import { HeraldClient } from '../src/index.js';

const client = new HeraldClient({ url: 'ws://localhost:8080/ws', getToken: async () => 'token' });

client.subscribe('exports:0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b', (e, ctx) => {
  const progress: number | false = e.event === 'job.progress' && e.current;
  const offset: number = ctx.offset;
  const channel: string = ctx.channel;
  void progress, offset, channel;
  if (e.event === 'job.created') {
    // @ts-expect-error job.created has no `current`
    void e.current;
  }
  // @ts-expect-error not narrowed: only job.progress has `current`
  void e.current;
});

client.subscribe('order_changes', (e) => {
  if (e.event === 'order:updated') {
    const changed: Record<string, unknown> = e.data.changed_fields;
    void changed;
  }
  // @ts-expect-error order changes are not export events
  void e.guid;
});

client.subscribe('job:42', (e) => {
  if (e.type === 'job.progress') {
    const percent: number = e.payload.progress;
    void percent;
  }
});

client.on('state', (s) => {
  const ok: 'connecting' | 'connected' | 'disconnected' = s;
  void ok;
});
