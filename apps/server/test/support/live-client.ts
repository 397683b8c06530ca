// A tab's live channel (GET /api/v5/events) as the web app speaks it: the auth frame, then JSON
// control frames both ways; every frame received is kept for the test to look for.
import WebSocket from 'ws';

export interface LiveClient {
  ws: WebSocket;
  frames: Array<Record<string, unknown>>;
  send(frame: unknown): void;
  next(match: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

export function live(serverUrl: string, token: string): LiveClient {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/v5/events`);
  const frames: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const waiter of waiters) waiter();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return {
    ws,
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame; got ${JSON.stringify(frames)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed,
  };
}

export const is =
  (type: string, extra: Record<string, unknown> = {}) =>
  (frame: Record<string, unknown>) =>
    frame.type === type && Object.entries(extra).every(([key, value]) => frame[key] === value);
