// What every WebSocket of the API shares: the first text frame carries the credential
// (`{"type":"auth","token":"…"}`, never the URL), checked by calling an operation with it as a
// Bearer credential — so authentication, tenant isolation, rate limits and the audit trail are the
// ones every other call gets. Failures close the socket with a code that says which (4400-4503,
// the HTTP status + 4000) and the error's message as the reason.
import type { WebSocket, RawData } from 'ws';
import { toAppError, type AppError, type ApiContext } from '@coditect/api';

/** Close codes: 4000 + the HTTP status of the error (4401 unauthorized, 4404 not found, ...). */
export function closeCodeFor(error: AppError): number {
  return 4000 + (error.status >= 400 && error.status < 600 ? error.status : 500);
}

/** A close reason is at most 123 bytes of UTF-8. */
export function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

export function closeWith(ws: WebSocket, code: number, message: string): void {
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, closeReason(message));
}

export function closeWithError(ws: WebSocket, error: unknown): AppError {
  const appError = toAppError(error);
  closeWith(ws, closeCodeFor(appError), appError.message);
  return appError;
}

/** A text frame's JSON object, or undefined when it is binary, not JSON, or not an object with a string `type`. */
export function controlFrame(data: RawData, isBinary: boolean): { type: string; [key: string]: unknown } | undefined {
  if (isBinary) return undefined;
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  if (text.length > 64 * 1024) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof (value as { type?: unknown }).type === 'string'
    ) {
      return value as { type: string };
    }
  } catch {
    // not JSON: the caller closes with 4400
  }
  return undefined;
}

export interface FirstFrameOptions<T = unknown> {
  /** How long the client has to send its credential. */
  timeoutMs: number;
  /** Calls the checking operation with a context carrying the credential; resolves to what it answers. */
  check(context: (base: ApiContext) => ApiContext): Promise<T>;
}

/**
 * Waits for the auth frame and runs the check with its token as `Authorization: Bearer`. Resolves
 * to the check's answer with the socket paused — call `resumeAfterAuth` once listening — or to
 * undefined after closing the socket with the reason.
 */
const held = new WeakMap<WebSocket, { hold: (data: RawData, binary: boolean) => void; early: Array<[RawData, boolean]> }>();

/** Hands the frames that came with the auth frame to the listeners now attached, in order, then reads on. */
export function resumeAfterAuth(ws: WebSocket): void {
  const waiting = held.get(ws);
  held.delete(ws);
  if (waiting) {
    ws.off('message', waiting.hold);
    for (const [data, binary] of waiting.early) ws.emit('message', data, binary);
  }
  ws.resume();
}

export function authenticateFirstFrame<T>(ws: WebSocket, options: FirstFrameOptions<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      closeWith(ws, 4401, 'No auth frame in time');
      resolve(undefined);
    }, options.timeoutMs);
    const onClose = () => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(undefined);
    };
    function onMessage(data: RawData, isBinary: boolean) {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      const frame = controlFrame(data, isBinary);
      if (!frame || frame.type !== 'auth') {
        closeWith(ws, 4400, 'The first frame must be {"type":"auth","token":"…"}');
        return resolve(undefined);
      }
      // Frames sent before the answer wait for it (keystrokes typed right after the auth frame):
      // pausing stops the reading, and what was already read with the auth frame is held.
      ws.pause();
      const early: Array<[RawData, boolean]> = [];
      const hold = (data: RawData, binary: boolean) => early.push([data, binary]);
      ws.on('message', hold);
      held.set(ws, { hold, early });
      const token = frame.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
        closeWith(ws, 4401, 'The auth frame carries no token');
        return resolve(undefined);
      }
      options
        .check((base) => ({
          ...base,
          request: { ...base.request, authorization: `Bearer ${token}`, apiKey: undefined },
        }))
        .then(resolve, (error: unknown) => {
          ws.off('message', hold);
          held.delete(ws);
          ws.resume();
          closeWithError(ws, error);
          resolve(undefined);
        });
    }
    ws.on('message', onMessage);
    ws.once('close', onClose);
  });
}

/**
 * Pings every `intervalMs`; a peer that has not answered the previous ping by the next one is
 * gone (a closed laptop, a dropped network) and its socket is terminated.
 */
export function keepAlive(ws: WebSocket, intervalMs: number): void {
  let alive = true;
  ws.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, intervalMs);
  timer.unref();
  ws.once('close', () => clearInterval(timer));
}
