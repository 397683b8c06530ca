// Keeps this tab's API calls supplied with a valid access token. The pair is refreshed shortly
// before the access token expires and after a 401, by one caller at a time across all tabs: the
// server treats a refresh token presented twice as stolen and ends the whole session
// (TOKEN_REUSED), so every tab must see the rotated pair before it could refresh again.
import type { TTokenPair } from '@coditect/api/contract';
import type { CrossTabLock } from './cross-tab-lock';
import type { SignOutReason, TabChannel, TabMessage } from './tab-channel';
import type { TokenStorage } from './token-storage';
import { refreshDueAt, storedTokensFrom, tokenFingerprint, tokenSubject, tokenTenant, type StoredTokens } from './stored-tokens';

export interface AuthSnapshot {
  signedIn: boolean;
  /** The signed-in user (the token's subject), known without a request. */
  userId: string | null;
  /** The tenant the stored pair acts in (its access token's claim); changes when the user switches. */
  tenantId: string | null;
  /** Why the last sign-out happened, so the sign-in page can say so. */
  lastSignOutReason: SignOutReason | null;
}

export interface TokenKeeperOptions {
  storage: TokenStorage;
  lock: CrossTabLock;
  channel: TabChannel;
  /** auth.refresh: the new pair for a refresh token. */
  refresh: (refreshToken: string) => Promise<TTokenPair>;
  /** Whether a refresh failure means the session is over (rather than, say, the network being down). */
  isSessionEnded: (error: unknown) => boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for storage to show a pair that another tab announced it rotated. */
  storageSettleMs?: number;
}

const SETTLE_POLL_MS = 20;

/** A rotation announced by another tab has not reached this tab's storage in time. */
export class RotationPendingError extends Error {
  override readonly name = 'RotationPendingError';
}

export class TokenKeeper {
  private readonly storage: TokenStorage;
  private readonly lock: CrossTabLock;
  private readonly channel: TabChannel;
  private readonly refreshCall: TokenKeeperOptions['refresh'];
  private readonly isSessionEnded: TokenKeeperOptions['isSessionEnded'];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly storageSettleMs: number;

  private snapshot: AuthSnapshot;
  private readonly listeners = new Set<() => void>();
  private inFlight: Promise<string | null> | null = null;
  /** Fingerprints of refresh tokens known to be rotated away (by this tab or announced by others). */
  private readonly retired = new Set<string>();
  private readonly unsubscribers: (() => void)[];

  constructor(options: TokenKeeperOptions) {
    this.storage = options.storage;
    this.lock = options.lock;
    this.channel = options.channel;
    this.refreshCall = options.refresh;
    this.isSessionEnded = options.isSessionEnded;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.storageSettleMs = options.storageSettleMs ?? 2_000;
    this.snapshot = this.readSnapshot(null);
    this.unsubscribers = [
      this.storage.subscribe(() => this.update()),
      this.channel.subscribe((message) => this.onTabMessage(message)),
    ];
  }

  /* ----------------------------- state for React (useSyncExternalStore) ----------------------------- */

  getSnapshot = (): AuthSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /* ------------------------------------ signing in and out ------------------------------------ */

  signedIn(pair: TTokenPair): void {
    this.storage.write(storedTokensFrom(pair, this.now()));
    this.channel.post({ type: 'signed-in' });
    this.update(null);
  }

  /** Forgets the pair here and in every tab (the caller ends the server session first if it can). */
  signOut(reason: SignOutReason): void {
    this.storage.clear();
    this.channel.post({ type: 'signed-out', reason });
    this.update(reason);
  }

  currentAccessToken(): string | null {
    return this.storage.read()?.access_token ?? null;
  }

  /* --------------------------------------- tokens for calls --------------------------------------- */

  /** A token valid for a while longer, refreshing first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const tokens = this.storage.read();
    if (!tokens) return null;
    if (this.now() < refreshDueAt(tokens)) return tokens.access_token;
    if (this.now() >= tokens.refresh_expires_at) {
      this.signOut('session-ended');
      return null;
    }
    return this.rotate(tokens.refresh_token);
  }

  /**
   * The server rejected `rejected` as expired or invalid: the token to retry with, or null when
   * there is none (signed out, or the session has ended).
   */
  async tokenAfterRejection(rejected: string): Promise<string | null> {
    const tokens = this.storage.read();
    if (!tokens) return null;
    if (tokens.access_token !== rejected) return tokens.access_token;
    return this.rotate(tokens.refresh_token);
  }

  /**
   * Replaces the pair with the one `exchange` answers for a valid access token of it — a call that
   * retires this pair's refresh token (switching tenant, leaving an organisation, accepting an
   * invitation) — while holding the refresh lock: a tab refreshing the old pair meanwhile would look
   * like reuse to the server, which ends the whole session. `exchange` answering null keeps the pair.
   * Resolves to whether the pair was replaced.
   */
  exchange(exchange: (accessToken: string) => Promise<TTokenPair | null>): Promise<boolean> {
    // A refresh this tab asks for meanwhile waits for the lock, then finds the old pair retired and uses the new one.
    return this.lock.run(async () => {
      let tokens = this.storage.read();
      if (!tokens) return false;
      if (this.now() >= refreshDueAt(tokens)) {
        if ((await this.rotateHoldingLock(tokens.refresh_token)) === null) return false;
        tokens = this.storage.read();
        if (!tokens) return false;
      }
      const pair = await exchange(tokens.access_token);
      if (!pair) return false;
      // Signed out (or in again) while the call was out: that newer state wins.
      if (this.storage.read()?.refresh_token !== tokens.refresh_token) return false;
      await this.replacePair(tokens.refresh_token, pair);
      return true;
    });
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.listeners.clear();
  }

  /* ------------------------------------------- rotation ------------------------------------------- */

  private rotate(staleRefreshToken: string): Promise<string | null> {
    this.inFlight ??= this.lock
      .run(() => this.rotateHoldingLock(staleRefreshToken))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async rotateHoldingLock(stale: string): Promise<string | null> {
    const current = await this.settledTokens(stale);
    if (!current) return null;
    // Another tab rotated while this one waited for the lock: use its pair.
    if (current.refresh_token !== stale) return current.access_token;

    let pair: TTokenPair;
    try {
      pair = await this.refreshCall(stale);
    } catch (error) {
      if (!this.isSessionEnded(error)) throw error;
      if (this.storage.read()?.refresh_token === stale) this.signOut('session-ended');
      return null;
    }
    // Signed out (or in again) while the call was out: that newer state wins.
    const now = this.storage.read();
    if (now?.refresh_token !== stale) return now?.access_token ?? null;
    return this.replacePair(stale, pair);
  }

  /** Stores `pair` in place of the one whose refresh token is `stale`, which every tab learns is retired. */
  private async replacePair(stale: string, pair: TTokenPair): Promise<string> {
    const rotated = storedTokensFrom(pair, this.now());
    const retiredFingerprint = tokenFingerprint(stale);
    this.storage.write(rotated);
    this.retired.add(retiredFingerprint);
    this.channel.post({ type: 'rotated', retiredFingerprint });
    // Before the lock goes: the next tab to take it may not have our storage write or message yet.
    await this.lock.markRetired(retiredFingerprint, this.storageSettleMs);
    this.update();
    return rotated.access_token;
  }

  /**
   * The stored pair, once storage agrees with what other tabs announced or marked: a tab can learn
   * of a rotation before its copy of localStorage shows the new pair, and must not refresh the old one.
   */
  private async settledTokens(stale: string): Promise<StoredTokens | null> {
    let current = this.storage.read();
    if (current?.refresh_token !== stale) return current;
    const fingerprint = tokenFingerprint(stale);
    if (!this.retired.has(fingerprint) && !(await this.lock.isMarkedRetired(fingerprint))) return current;
    for (let waited = 0; current?.refresh_token === stale; waited += SETTLE_POLL_MS) {
      if (waited >= this.storageSettleMs) throw new RotationPendingError('Another tab is refreshing the session; try again');
      await this.sleep(SETTLE_POLL_MS);
      current = this.storage.read();
    }
    return current;
  }

  /* ---------------------------------------------- state ---------------------------------------------- */

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'rotated') {
      this.retired.add(message.retiredFingerprint);
      this.update();
    } else if (message.type === 'signed-in') {
      this.update(null);
    } else {
      this.update(message.reason);
    }
  }

  /** `reason`: undefined keeps the last sign-out reason, null clears it. */
  private update(reason?: SignOutReason | null): void {
    const next = this.readSnapshot(reason === undefined ? this.snapshot.lastSignOutReason : reason);
    const previous = this.snapshot;
    if (
      next.signedIn === previous.signedIn &&
      next.userId === previous.userId &&
      next.tenantId === previous.tenantId &&
      next.lastSignOutReason === previous.lastSignOutReason
    ) {
      return;
    }
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  private readSnapshot(lastSignOutReason: SignOutReason | null): AuthSnapshot {
    const tokens = this.storage.read();
    const signedIn = tokens !== null && this.now() < tokens.refresh_expires_at;
    return {
      signedIn,
      userId: signedIn ? tokenSubject(tokens.access_token) : null,
      tenantId: signedIn ? tokenTenant(tokens.access_token) : null,
      lastSignOutReason,
    };
  }
}
