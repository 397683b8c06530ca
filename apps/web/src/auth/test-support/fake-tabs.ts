// In-memory stand-ins for what tabs share in a browser (localStorage, Web Locks, BroadcastChannel)
// and for the server's refresh rotation with reuse detection, to test the keeper across tabs.
import type { TTokenPair } from '@coditect/api/contract';
import type { CrossTabLock } from '../cross-tab-lock';
import type { TabChannel, TabMessage } from '../tab-channel';
import type { TokenStorage } from '../token-storage';
import { parseStoredTokens, type StoredTokens } from '../stored-tokens';

export class FakeClock {
  constructor(public time = Date.parse('2026-01-01T12:00:00Z')) {}
  now = () => this.time;
  advance(ms: number) {
    this.time += ms;
  }
}

export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from(crypto.randomUUID()).toString('base64url')}`;
}

export class ServerError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** auth.refresh as the server does it: rotation, and a second use of a retired token ends the session. */
export class FakeAuthServer {
  refreshCalls = 0;
  reuseDetected = false;
  private current: string | null = null;
  private sessionActive = true;
  failNextWith: Error | null = null;
  latencyMs = 5;
  /** The tenant the pairs it issues act in (auth.switchTenant changes it). */
  tenantId = '0b0c1d2e-0000-4000-8000-00000000000a';

  constructor(
    private readonly clock: FakeClock,
    private readonly accessTtlSeconds = 3600,
    private readonly userId = '6f1d3c1e-5a63-4d61-9d43-3c1f6b9a9e01',
  ) {}

  issue(): TTokenPair {
    const iat = Math.floor(this.clock.now() / 1000);
    const pair = {
      access_token: fakeJwt({ sub: this.userId, tenant_id: this.tenantId, iat, exp: iat + this.accessTtlSeconds, typ: 'access' }),
      refresh_token: fakeJwt({ sub: this.userId, iat, exp: iat + 30 * 86_400, typ: 'refresh', jti: crypto.randomUUID() }),
      expires_at: new Date((iat + this.accessTtlSeconds) * 1000).toISOString(),
      refresh_expires_at: new Date((iat + 30 * 86_400) * 1000).toISOString(),
    };
    this.current = pair.refresh_token;
    return pair;
  }

  refresh = async (refreshToken: string): Promise<TTokenPair> => {
    this.refreshCalls += 1;
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failNextWith) {
      const error = this.failNextWith;
      this.failNextWith = null;
      throw error;
    }
    if (!this.sessionActive) throw new ServerError('UNAUTHORIZED');
    if (refreshToken !== this.current) {
      this.reuseDetected = true;
      this.sessionActive = false;
      throw new ServerError('TOKEN_REUSED');
    }
    return this.issue();
  };
}

/** auth.switchTenant: a pair for another tenant in the same session; the previous refresh token is retired. */
export function fakeSwitchTenant(server: FakeAuthServer) {
  return async (accessToken: string, tenantId: string): Promise<TTokenPair> => {
    await new Promise((resolve) => setTimeout(resolve, server.latencyMs));
    if (!accessToken) throw new ServerError('UNAUTHORIZED');
    server.tenantId = tenantId;
    return server.issue();
  };
}

export const isSessionEnded = (error: unknown) =>
  error instanceof ServerError && ['TOKEN_REUSED', 'UNAUTHORIZED', 'TOKEN_EXPIRED'].includes(error.code);

/** One origin's localStorage. Each tab sees it through a view; `lagging` views see writes only on deliver(). */
export class SharedStorage {
  private value: string | null = null;
  private readonly views = new Set<TabStorageView>();

  view(options: { lagging?: boolean } = {}): TabStorageView {
    const view = new TabStorageView(this, options.lagging ?? false, this.value);
    this.views.add(view);
    return view;
  }

  commit(from: TabStorageView, value: string | null) {
    this.value = value;
    for (const view of this.views) if (view !== from) view.incoming(value);
  }
}

export class TabStorageView implements TokenStorage {
  private pending: (string | null)[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly shared: SharedStorage,
    private readonly lagging: boolean,
    private local: string | null,
  ) {}

  read(): StoredTokens | null {
    return parseStoredTokens(this.local);
  }
  write(tokens: StoredTokens) {
    this.local = JSON.stringify(tokens);
    this.shared.commit(this, this.local);
  }
  clear() {
    this.local = null;
    this.shared.commit(this, null);
  }
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  incoming(value: string | null) {
    if (this.lagging) this.pending.push(value);
    else this.apply(value);
  }
  /** Lets a lagging view catch up with the writes of other tabs. */
  deliver() {
    for (const value of this.pending.splice(0)) this.apply(value);
  }
  private apply(value: string | null) {
    this.local = value;
    for (const listener of this.listeners) listener();
  }
}

/** Web Locks: one holder at a time across every tab of the origin, in request order. */
export class FakeLockManager {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly marks = new Set<string>();
  held = 0;
  maxHeld = 0;

  lock(): CrossTabLock {
    return {
      markRetired: async (fingerprint, forMs) => {
        this.marks.add(fingerprint);
        setTimeout(() => this.marks.delete(fingerprint), forMs);
      },
      isMarkedRetired: async (fingerprint) => this.marks.has(fingerprint),
      run: <T>(task: () => Promise<T>): Promise<T> => {
        const result = this.tail.then(async () => {
          this.held += 1;
          this.maxHeld = Math.max(this.maxHeld, this.held);
          try {
            return await task();
          } finally {
            this.held -= 1;
          }
        });
        this.tail = result.catch(() => undefined);
        return result;
      },
    };
  }
}

/** BroadcastChannel: a message reaches every other tab asynchronously, or when released if held. */
export class FakeBroadcast {
  private readonly tabs = new Map<number, Set<(message: TabMessage) => void>>();
  private nextTab = 0;
  hold = false;
  private held: (() => void)[] = [];

  channel(): TabChannel {
    const id = this.nextTab++;
    const listeners = new Set<(message: TabMessage) => void>();
    this.tabs.set(id, listeners);
    return {
      post: (message) => {
        for (const [tab, others] of this.tabs) {
          if (tab === id) continue;
          const deliver = () => others.forEach((listener) => listener(message));
          if (this.hold) this.held.push(deliver);
          else queueMicrotask(deliver);
        }
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  release() {
    this.hold = false;
    for (const deliver of this.held.splice(0)) deliver();
  }
}
