// A WebSocket client of a terminal's attach socket, as the web app speaks it: the auth frame, then
// bytes both ways. Collects the screen (output as text) and the control frames and close.
import WebSocket from 'ws';

export interface PtyClient {
  ws: WebSocket;
  /** Everything received as terminal output so far, as text. */
  output(): string;
  controls: Array<Record<string, unknown>>;
  type(text: string): void;
  /** Resolves once the output contains `text` (or rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function ptyUrl(serverUrl: string, sessionId: string, terminalId: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}/api/v5/sessions/${sessionId}/terminals/${terminalId}/pty`;
}

/** Opens the socket and sends `firstFrame` (the auth frame unless a test sends something else). */
export function openSocket(url: string, firstFrame?: string | Buffer): PtyClient {
  const ws = new WebSocket(url);
  const chunks: Buffer[] = [];
  const controls: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const output = () => Buffer.concat(chunks).toString('utf8');
  ws.on('open', () => {
    if (firstFrame !== undefined) ws.send(firstFrame, { binary: Buffer.isBuffer(firstFrame) });
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    else controls.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const waiter of waiters) waiter();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const waiter of waiters) waiter();
    }),
  );
  return {
    ws,
    output,
    controls,
    type: (text) => ws.send(Buffer.from(text), { binary: true }),
    waitFor(text, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const screen = output();
          if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(screen);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; screen so far:\n${output()}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed,
    close: () => ws.close(),
  };
}

export function attachTerminal(serverUrl: string, sessionId: string, terminalId: string, token: string): PtyClient {
  return openSocket(ptyUrl(serverUrl, sessionId, terminalId), JSON.stringify({ type: 'auth', token }));
}

/** Resolves once the server has answered {"type":"ready"}. */
export async function ready(client: PtyClient, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!client.controls.some((frame) => frame.type === 'ready')) {
    if (client.ws.readyState === WebSocket.CLOSED) throw new Error('closed before ready');
    if (Date.now() - started > timeoutMs) throw new Error('no ready frame');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
