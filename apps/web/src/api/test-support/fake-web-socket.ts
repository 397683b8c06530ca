// A WebSocket double for the protocol clients' unit tests: records what the client sent and lets
// the test play the server (open, frames, close).
import type { WebSocketLike } from '../web-sockets';

export class FakeWebSocket implements WebSocketLike {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  readonly sent: (string | Uint8Array)[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error('send() on a socket that is not open');
    if (typeof data === 'string') this.sent.push(data);
    else if (ArrayBuffer.isView(data)) this.sent.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
    else this.sent.push(new Uint8Array(data).slice());
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The text frames sent, parsed. */
  frames(): Record<string, unknown>[] {
    return this.sent.filter((each) => typeof each === 'string').map((each) => JSON.parse(each) as Record<string, unknown>);
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverSends(frame: unknown): void {
    const data = typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame);
    this.onmessage?.({ data } as MessageEvent);
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: true } as CloseEvent);
  }
}

/** A socket factory that keeps every socket it made, newest last. */
export function fakeSockets() {
  const made: FakeWebSocket[] = [];
  return {
    made,
    create: (url: string) => {
      const socket = new FakeWebSocket(url);
      made.push(socket);
      return socket;
    },
    latest(): FakeWebSocket {
      const socket = made.at(-1);
      if (!socket) throw new Error('No socket made yet');
      return socket;
    },
  };
}
