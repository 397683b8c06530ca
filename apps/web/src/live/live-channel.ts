// The tab's one live-channel WebSocket (GET /api/v5/events): authenticates with its first frame,
// subscribes to the sessions the page follows and hands their events on. It reconnects by itself
// (doubling waits with jitter) and resumes each session from the last event it saw, so nothing
// is missed across a short drop; when the server no longer knows that event it says `reset` and
// the followers reload. It pings the server and gives up on a socket that stops answering.
import {
  LIVE_EVENTS_PATH,
  SOCKET_CLOSE_CODES,
  ZLiveControlFrame,
  ZLiveEventFrame,
  type TLiveClientFrame,
  type TLiveEventFrame,
} from '@coditect/api/contract/sockets';
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

export type LiveChannelState =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'reconnecting'; attempt: number; retryAt: number }
  /** Signed out, or the credential may not use the channel: nothing to retry. */
  | { state: 'stopped' };

export interface SessionFollower {
  onEvent(event: TLiveEventFrame): void;
  /** Subscribed (again): the session's version now, which may be past what this page has. */
  onSubscribed?(version: number): void;
  /** Events may have been missed (the server no longer has the last one seen): reload. */
  onReset?(): void;
  /** The server refused the subscription (SESSION_NOT_FOUND: deleted, or not the caller's). */
  onRefused?(code: string, message: string): void;
  /** Who follows the session now (each user once, the caller included): on subscribing and at every change. */
  onPresence?(users: readonly LivePresenceUser[]): void;
}

export interface LivePresenceUser {
  user_id: string;
  full_name: string;
}

export interface LiveChannelOptions {
  tokens: SocketTokens;
  url?: string;
  createSocket?: SocketFactory;
  backoff?: Backoff;
  /** How often to ask the server whether it is still there, and how long to wait for its answer. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  random?: () => number;
}

export class LiveChannel {
  private readonly options: Required<Omit<LiveChannelOptions, 'url'>> & { url: string };
  private current: LiveChannelState = { state: 'connecting' };
  private readonly stateListeners = new Set<() => void>();
  private readonly followers = new Map<string, Set<SessionFollower>>();
  /** Per followed session: the last event id seen while subscribed (ids are places in one server history). */
  private readonly resumeFrom = new Map<string, string>();
  private readonly subscribed = new Set<string>();
  private socket: WebSocketLike | undefined;
  private token: string | null = null;
  private attempt = 0;
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  /** Frames from the server that were not the protocol's (ignored). */
  ignoredFrames = 0;

  constructor(options: LiveChannelOptions) {
    this.options = {
      url: options.url ?? socketUrl(LIVE_EVENTS_PATH, {}),
      tokens: options.tokens,
      createSocket: options.createSocket ?? browserSocket,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      pingIntervalMs: options.pingIntervalMs ?? 25_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      random: options.random ?? Math.random,
    };
  }

  state = (): LiveChannelState => this.current;

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.drop();
    this.setState({ state: 'stopped' });
  }

  /** Reconnects at once when waiting to (the network came back, the tab became visible). */
  retryNow(): void {
    if (this.running && this.current.state === 'reconnecting') {
      clearTimeout(this.retryTimer);
      void this.connect();
    }
  }

  /** Follows a session's events; the returned function stops. */
  follow(sessionId: string, follower: SessionFollower): () => void {
    let set = this.followers.get(sessionId);
    if (!set) {
      set = new Set();
      this.followers.set(sessionId, set);
      if (this.current.state === 'live') this.sendSubscribe(sessionId);
    }
    set.add(follower);
    return () => {
      set.delete(follower);
      if (set.size > 0 || this.followers.get(sessionId) !== set) return;
      this.followers.delete(sessionId);
      this.resumeFrom.delete(sessionId);
      if (this.subscribed.delete(sessionId)) this.send({ type: 'unsubscribe', session_id: sessionId });
    };
  }

  /* ------------------------------------------------------------------------------------------ */

  private async connect(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.setState(this.attempt === 0 ? { state: 'connecting' } : this.current);
    const token = await this.options.tokens.accessToken().catch(() => null);
    if (!this.running) return;
    if (!token) {
      this.stop();
      return;
    }
    this.token = token;
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token } satisfies TLiveClientFrame));
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.drop();
      void this.closed(event.code);
    };
  }

  private receive(data: unknown): void {
    const frame = parseJsonFrame(data);
    if ((frame as { type?: unknown } | undefined)?.type === 'event') {
      const event = ZLiveEventFrame.safeParse(frame);
      if (!event.success) {
        this.ignoredFrames += 1;
        return;
      }
      this.deliver(event.data);
      return;
    }
    const parsed = ZLiveControlFrame.safeParse(frame);
    if (!parsed.success) {
      this.ignoredFrames += 1;
      return;
    }
    const control = parsed.data;
    switch (control.type) {
      case 'ready':
        this.attempt = 0;
        this.setState({ state: 'live' });
        this.startPinging();
        for (const sessionId of this.followers.keys()) this.sendSubscribe(sessionId);
        return;
      case 'subscribed':
        if (!this.followers.has(control.session_id)) return;
        this.subscribed.add(control.session_id);
        for (const follower of this.followersOf(control.session_id)) follower.onSubscribed?.(control.version);
        return;
      case 'reset':
        this.resumeFrom.delete(control.session_id);
        for (const follower of this.followersOf(control.session_id)) follower.onReset?.();
        return;
      case 'error':
        for (const follower of this.followersOf(control.session_id)) follower.onRefused?.(control.code, control.message);
        return;
      case 'pong':
        clearTimeout(this.pongTimer);
        this.pongTimer = undefined;
        return;
      case 'presence':
        for (const follower of this.followersOf(control.session_id)) follower.onPresence?.(control.users);
        return;
      case 'unsubscribed':
        return;
    }
  }

  private deliver(event: TLiveEventFrame): void {
    for (const sessionId of this.subscribed) this.resumeFrom.set(sessionId, event.id);
    for (const follower of this.followersOf(event.session_id)) follower.onEvent(event);
  }

  private followersOf(sessionId: string): SessionFollower[] {
    return [...(this.followers.get(sessionId) ?? [])];
  }

  private sendSubscribe(sessionId: string): void {
    const lastEventId = this.resumeFrom.get(sessionId);
    this.send({ type: 'subscribe', session_id: sessionId, ...(lastEventId ? { last_event_id: lastEventId } : {}) });
  }

  private send(frame: TLiveClientFrame): void {
    if (this.socket && this.current.state === 'live') this.socket.send(JSON.stringify(frame));
  }

  private startPinging(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      this.send({ type: 'ping' });
      this.pongTimer ??= setTimeout(() => {
        // A socket that stopped answering (a sleeping laptop, a dead NAT entry) may take minutes
        // to report its close: leave it and connect afresh.
        this.drop();
        void this.closed(1006);
      }, this.options.pongTimeoutMs);
    }, this.options.pingIntervalMs);
  }

  /** Forgets the socket (its late events are ignored) and the per-socket state. */
  private drop(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
    this.subscribed.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState <= 1) socket.close(1000, 'Closed by the page');
    }
  }

  private async closed(code: number): Promise<void> {
    if (!this.running) return;
    if (code === SOCKET_CLOSE_CODES.unauthorized && this.token) {
      // The token expired or was revoked: a fresh one may do; none means signed out.
      const fresh = await this.options.tokens.tokenAfterRejection(this.token).catch(() => null);
      if (!this.running) return;
      if (!fresh || fresh === this.token) return this.stop();
      return void this.connect();
    }
    if (code === SOCKET_CLOSE_CODES.forbidden) return this.stop();
    const retryIn = reconnectDelay(this.attempt, this.options.backoff, this.options.random);
    this.attempt += 1;
    this.setState({ state: 'reconnecting', attempt: this.attempt, retryAt: Date.now() + retryIn });
    this.retryTimer = setTimeout(() => void this.connect(), retryIn);
  }

  private setState(state: LiveChannelState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.stateListeners) listener();
  }
}
