// One terminal's attach WebSocket (GET …/terminals/:terminal_id/pty): the credential in the first
// frame, then the terminal's bytes both ways as binary frames and JSON control as text (resize
// from here; ready and exit from the server). After `ready` the server replays the recent screen,
// so a reconnect (or a reload) starts from a cleared screen and shows the same shell. A dropped
// socket reconnects by itself; a terminal that ended or is gone does not come back.
import type { TRunningTerminal } from '@coditect/api/contract';
import { SOCKET_CLOSE_CODES, TERMINAL_PTY_PATH, ZPtyServerFrame, type TPtyClientFrame } from '@coditect/api/contract/sockets';
import {
  DEFAULT_BACKOFF,
  browserSocket,
  parseJsonFrame,
  reconnectDelay,
  socketUrl,
  type Backoff,
  type SocketFactory,
  type SocketTokens,
  type WebSocketLike,
} from '../api/web-sockets';

export type PtyState =
  | { state: 'connecting' }
  | { state: 'attached' }
  | { state: 'reconnecting'; attempt: number }
  | { state: 'exited'; code: number | null; reason: TRunningTerminal['end_reason'] }
  /** Will not come back: the terminal is gone, terminals are off, or the credential may not attach. */
  | { state: 'closed'; message: string };

export interface PtyHandlers {
  /** Attached (again): the replayed screen follows, so clear what is shown. */
  onReady(terminal: TRunningTerminal): void;
  onOutput(bytes: Uint8Array): void;
  onState(state: PtyState): void;
}

export interface PtyConnectionOptions {
  sessionId: string;
  terminalId: string;
  tokens: SocketTokens;
  handlers: PtyHandlers;
  url?: string;
  createSocket?: SocketFactory;
  backoff?: Backoff;
  random?: () => number;
}

/** Keystrokes typed before the socket is attached wait, up to this many bytes. */
const MAX_QUEUED_BYTES = 64 * 1024;

const FINAL_CLOSES: Partial<Record<number, string>> = {
  [SOCKET_CLOSE_CODES.notFound]: 'This terminal no longer exists.',
  [SOCKET_CLOSE_CODES.forbidden]: 'This credential may not type into terminals.',
  [SOCKET_CLOSE_CODES.unavailable]: 'Terminals are not available on this server.',
  [SOCKET_CLOSE_CODES.badFrame]: 'The server refused a frame from this page.',
};

export class PtyConnection {
  private readonly url: string;
  private readonly encoder = new TextEncoder();
  private socket: WebSocketLike | undefined;
  private token: string | null = null;
  private current: PtyState = { state: 'connecting' };
  private attempt = 0;
  private retriedToken = false;
  private disposed = false;
  private size: { cols: number; rows: number } | undefined;
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PtyConnectionOptions) {
    this.url = options.url ?? socketUrl(TERMINAL_PTY_PATH, { session_id: options.sessionId, terminal_id: options.terminalId });
    void this.connect();
  }

  state(): PtyState {
    return this.current;
  }

  /** Keystrokes or pasted text. */
  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? this.encoder.encode(data) : data;
    if (this.current.state === 'attached' && this.socket) {
      this.socket.send(bytes);
      return;
    }
    if (this.current.state === 'exited' || this.current.state === 'closed') return;
    if (this.queuedBytes + bytes.byteLength > MAX_QUEUED_BYTES) return;
    this.queued.push(bytes);
    this.queuedBytes += bytes.byteLength;
  }

  /** The terminal's size in characters; sent now when attached and again after each reconnect. */
  resize(cols: number, rows: number): void {
    if (this.size?.cols === cols && this.size.rows === rows) return;
    this.size = { cols, rows };
    if (this.current.state === 'attached') this.sendControl({ type: 'resize', cols, rows });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.drop();
  }

  /* ------------------------------------------------------------------------------------------ */

  private async connect(): Promise<void> {
    const token = await this.options.tokens.accessToken().catch(() => null);
    if (this.disposed) return;
    if (!token) return this.setState({ state: 'closed', message: 'Signed out.' });
    this.token = token;
    const socket = this.options.createSocket ? this.options.createSocket(this.url) : browserSocket(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token } satisfies TPtyClientFrame));
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      void this.closed(event.code, event.reason);
    };
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      if (this.current.state === 'attached') this.options.handlers.onOutput(new Uint8Array(data));
      return;
    }
    const frame = ZPtyServerFrame.safeParse(parseJsonFrame(data));
    // Not the protocol's: ignored, the bytes keep flowing.
    if (!frame.success) return;
    if (frame.data.type === 'ready') {
      this.attempt = 0;
      this.retriedToken = false;
      this.options.handlers.onReady(frame.data.terminal);
      this.setState({ state: 'attached' });
      if (this.size) this.sendControl({ type: 'resize', ...this.size });
      for (const bytes of this.queued) this.socket?.send(bytes);
      this.queued = [];
      this.queuedBytes = 0;
      return;
    }
    this.setState({ state: 'exited', code: frame.data.code, reason: frame.data.reason });
  }

  private async closed(code: number, reason: string): Promise<void> {
    if (this.disposed || this.current.state === 'exited') return;
    if (code === SOCKET_CLOSE_CODES.normal) return this.setState({ state: 'exited', code: null, reason: null });
    if (code === SOCKET_CLOSE_CODES.unauthorized && this.token && !this.retriedToken) {
      this.retriedToken = true;
      const fresh = await this.options.tokens.tokenAfterRejection(this.token).catch(() => null);
      if (this.disposed) return;
      if (!fresh) return this.setState({ state: 'closed', message: 'Signed out.' });
      return void this.connect();
    }
    const final = code === SOCKET_CLOSE_CODES.unauthorized ? reason || 'Signed out.' : FINAL_CLOSES[code];
    if (final) return this.setState({ state: 'closed', message: final });
    const retryIn = reconnectDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.attempt += 1;
    this.setState({ state: 'reconnecting', attempt: this.attempt });
    this.retryTimer = setTimeout(() => void this.connect(), retryIn);
  }

  private sendControl(frame: TPtyClientFrame): void {
    this.socket?.send(JSON.stringify(frame));
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    if (socket.readyState <= 1) socket.close(1000, 'Closed by the page');
  }

  private setState(state: PtyState): void {
    this.current = state;
    this.options.handlers.onState(state);
  }
}
