// What the app's two WebSockets (a terminal's attach socket, the live channel) share: their
// address from the contract's path, the credential for their first frame, and the wait before
// reconnecting. The socket is made through a factory so the protocol clients run in unit tests.
import type { TokenKeeper } from '../auth/token-keeper';
import { restUrl } from './rest-client';

/** The parts of the DOM WebSocket the clients use. */
export interface WebSocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export type SocketFactory = (url: string) => WebSocketLike;

export const browserSocket: SocketFactory = (url) => new WebSocket(url);

/** `accessToken` for the auth frame; `tokenAfterRejection` once the server refused it (4401). */
export type SocketTokens = Pick<TokenKeeper, 'accessToken' | 'tokenAfterRejection'>;

/** `ws(s)://<this origin>/api/v5/<path with params>`: same origin as the page, as the CSP's `connect-src 'self'` wants. */
export function socketUrl(path: string, params: Record<string, string>, base: string = window.location.href): string {
  const url = new URL(restUrl({ method: 'GET', path }, params), base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 15_000 };

/** Doubling waits with jitter (half to the whole wait), so tabs dropped together do not return together. */
export function reconnectDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** A text frame's JSON, or undefined when it is not JSON. */
export function parseJsonFrame(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
