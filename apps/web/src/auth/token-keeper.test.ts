import { describe, expect, it } from 'vitest';
import { TokenKeeper, RotationPendingError } from './token-keeper';
import {
  FakeAuthServer,
  FakeBroadcast,
  FakeClock,
  FakeLockManager,
  ServerError,
  SharedStorage,
  fakeSwitchTenant,
  isSessionEnded,
  type TabStorageView,
} from './test-support/fake-tabs';

const HOUR = 3_600_000;

function origin(options: { accessTtlSeconds?: number; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const server = new FakeAuthServer(clock, options.accessTtlSeconds);
  const storage = new SharedStorage();
  const locks = new FakeLockManager();
  const broadcast = new FakeBroadcast();
  const openTab = (tabOptions: { lagging?: boolean; clock?: FakeClock; storageSettleMs?: number } = {}) => {
    const view: TabStorageView = storage.view({ lagging: tabOptions.lagging });
    const keeper = new TokenKeeper({
      storage: view,
      lock: locks.lock(),
      channel: broadcast.channel(),
      refresh: server.refresh,
      isSessionEnded,
      now: (tabOptions.clock ?? clock).now,
      storageSettleMs: tabOptions.storageSettleMs ?? 200,
    });
    return { keeper, view };
  };
  return { clock, server, locks, broadcast, openTab };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TokenKeeper in one tab', () => {
  it('is signed out with nothing stored, and signed in (with the user id) after sign-in', async () => {
    const { server, openTab } = origin();
    const { keeper } = openTab();
    expect(keeper.getSnapshot()).toEqual({ signedIn: false, userId: null, tenantId: null, lastSignOutReason: null });
    expect(await keeper.accessToken()).toBeNull();
    const pair = server.issue();
    keeper.signedIn(pair);
    expect(keeper.getSnapshot()).toMatchObject({ signedIn: true, userId: '6f1d3c1e-5a63-4d61-9d43-3c1f6b9a9e01' });
    expect(await keeper.accessToken()).toBe(pair.access_token);
    expect(server.refreshCalls).toBe(0);
  });

  it('survives a reload: a new keeper over the same storage is signed in', () => {
    const { server, openTab } = origin();
    openTab().keeper.signedIn(server.issue());
    expect(openTab().keeper.getSnapshot().signedIn).toBe(true);
  });

  it('refreshes shortly before the access token expires, once for concurrent callers', async () => {
    const { clock, server, openTab } = origin();
    const { keeper } = openTab();
    const first = server.issue();
    keeper.signedIn(first);
    clock.advance(HOUR - 61_000);
    expect(await keeper.accessToken()).toBe(first.access_token);
    clock.advance(2_000);
    const tokens = await Promise.all([keeper.accessToken(), keeper.accessToken(), keeper.accessToken()]);
    expect(server.refreshCalls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first.access_token);
    expect(await keeper.accessToken()).toBe(tokens[0]);
    expect(server.refreshCalls).toBe(1);
  });

  it('refreshes after a 401 once, and hands later rejections of the same token the new one', async () => {
    const { server, openTab } = origin();
    const { keeper } = openTab();
    const first = server.issue();
    keeper.signedIn(first);
    const [a, b] = await Promise.all([
      keeper.tokenAfterRejection(first.access_token),
      keeper.tokenAfterRejection(first.access_token),
    ]);
    expect(a).toBe(b);
    expect(a).not.toBe(first.access_token);
    expect(await keeper.tokenAfterRejection(first.access_token)).toBe(a);
    expect(server.refreshCalls).toBe(1);
  });

  it('takes the token lifetime from the token, so a clock hours off neither loops nor stalls', async () => {
    const serverClock = new FakeClock();
    const { server, openTab } = origin({ clock: serverClock });
    const browserClock = new FakeClock(serverClock.time + 2 * HOUR);
    const { keeper } = openTab({ clock: browserClock });
    const pair = server.issue();
    keeper.signedIn(pair);
    expect(await keeper.accessToken()).toBe(pair.access_token);
    browserClock.advance(HOUR - 30_000);
    serverClock.advance(HOUR - 30_000);
    expect(await keeper.accessToken()).not.toBe(pair.access_token);
    expect(server.refreshCalls).toBe(1);
  });

  it('signs out when the server ends the session, and keeps the session over a network failure', async () => {
    const { server, openTab } = origin();
    const { keeper } = openTab();
    const pair = server.issue();
    keeper.signedIn(pair);
    server.failNextWith = new TypeError('Failed to fetch');
    await expect(keeper.tokenAfterRejection(pair.access_token)).rejects.toThrow('Failed to fetch');
    expect(keeper.getSnapshot().signedIn).toBe(true);
    server.failNextWith = new ServerError('UNAUTHORIZED');
    expect(await keeper.tokenAfterRejection(pair.access_token)).toBeNull();
    expect(keeper.getSnapshot()).toMatchObject({ signedIn: false, lastSignOutReason: 'session-ended' });
    expect(await keeper.accessToken()).toBeNull();
  });

  it('signs out without a call once the refresh token itself has expired', async () => {
    const { clock, server, openTab } = origin();
    const { keeper } = openTab();
    keeper.signedIn(server.issue());
    clock.advance(31 * 24 * HOUR);
    expect(await keeper.accessToken()).toBeNull();
    expect(server.refreshCalls).toBe(0);
    expect(keeper.getSnapshot()).toMatchObject({ signedIn: false, lastSignOutReason: 'session-ended' });
  });

  it('does not bring a session back when sign-out happens while a refresh is out', async () => {
    const { server, openTab } = origin();
    const { keeper } = openTab();
    const pair = server.issue();
    keeper.signedIn(pair);
    server.latencyMs = 30;
    const refreshing = keeper.tokenAfterRejection(pair.access_token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    keeper.signOut('signed-out');
    expect(await refreshing).toBeNull();
    expect(keeper.getSnapshot().signedIn).toBe(false);
    expect(keeper.currentAccessToken()).toBeNull();
  });
});

describe('TokenKeeper across tabs', () => {
  it('lets exactly one tab refresh when all of them find the token expiring at once', async () => {
    const { clock, server, locks, openTab } = origin();
    const tabs = [openTab(), openTab(), openTab()];
    tabs[0]!.keeper.signedIn(server.issue());
    clock.advance(HOUR);
    const tokens = await Promise.all(tabs.flatMap(({ keeper }) => [keeper.accessToken(), keeper.accessToken()]));
    expect(server.refreshCalls).toBe(1);
    expect(server.reuseDetected).toBe(false);
    expect(new Set(tokens).size).toBe(1);
    expect(locks.maxHeld).toBe(1);
  });

  it('a tab whose call was rejected with the old token uses the pair another tab already rotated', async () => {
    const { server, openTab } = origin();
    const a = openTab();
    const b = openTab();
    const first = server.issue();
    a.keeper.signedIn(first);
    const fromA = await a.keeper.tokenAfterRejection(first.access_token);
    const fromB = await b.keeper.tokenAfterRejection(first.access_token);
    expect(fromB).toBe(fromA);
    expect(server.refreshCalls).toBe(1);
    expect(server.reuseDetected).toBe(false);
  });

  it('waits for its storage when it hears of a rotation before its storage shows it', async () => {
    const { server, broadcast, openTab } = origin();
    const a = openTab();
    const b = openTab({ lagging: true });
    const first = server.issue();
    a.keeper.signedIn(first);
    b.view.deliver();
    const fromA = await a.keeper.tokenAfterRejection(first.access_token);
    await settle(); // B has the 'rotated' message; its storage still shows the old pair
    expect(b.view.read()?.access_token).toBe(first.access_token);
    const fromB = b.keeper.tokenAfterRejection(first.access_token);
    setTimeout(() => b.view.deliver(), 30);
    expect(await fromB).toBe(fromA);
    expect(server.refreshCalls).toBe(1);
    expect(server.reuseDetected).toBe(false);
    expect(broadcast.hold).toBe(false);
  });

  it('does not refresh a retired token when neither the new pair nor the message has reached the tab yet', async () => {
    const { server, broadcast, openTab } = origin();
    const a = openTab();
    const b = openTab({ lagging: true });
    const first = server.issue();
    a.keeper.signedIn(first);
    b.view.deliver();
    broadcast.hold = true; // the 'rotated' message is still on its way when B takes the lock
    const fromA = await a.keeper.tokenAfterRejection(first.access_token);
    const fromB = b.keeper.tokenAfterRejection(first.access_token);
    setTimeout(() => b.view.deliver(), 30);
    expect(await fromB).toBe(fromA);
    expect(server.refreshCalls).toBe(1);
    expect(server.reuseDetected).toBe(false);
    broadcast.release();
  });

  it('fails the call rather than reuse a refresh token announced as retired', async () => {
    const { server, openTab } = origin();
    const a = openTab();
    const b = openTab({ lagging: true, storageSettleMs: 50 });
    const first = server.issue();
    a.keeper.signedIn(first);
    b.view.deliver();
    await a.keeper.tokenAfterRejection(first.access_token);
    await settle();
    await expect(b.keeper.tokenAfterRejection(first.access_token)).rejects.toBeInstanceOf(RotationPendingError);
    expect(server.refreshCalls).toBe(1);
    expect(server.reuseDetected).toBe(false);
    b.view.deliver();
    expect(await b.keeper.tokenAfterRejection(first.access_token)).toBe(a.keeper.currentAccessToken());
  });

  it('signs every tab out, with the reason, when one tab signs out', async () => {
    const { server, openTab } = origin();
    const a = openTab();
    const b = openTab();
    a.keeper.signedIn(server.issue());
    expect(b.keeper.getSnapshot().signedIn).toBe(true);
    const seen: boolean[] = [];
    b.keeper.subscribe(() => seen.push(b.keeper.getSnapshot().signedIn));
    a.keeper.signOut('password-changed');
    await settle();
    expect(b.keeper.getSnapshot()).toEqual({
      signedIn: false,
      userId: null,
      tenantId: null,
      lastSignOutReason: 'password-changed',
    });
    expect(seen).toContain(false);
    expect(await b.keeper.accessToken()).toBeNull();
  });

  it('signs every tab out when a refresh is answered TOKEN_REUSED', async () => {
    const { server, openTab } = origin();
    const a = openTab();
    const b = openTab();
    const pair = server.issue();
    a.keeper.signedIn(pair);
    server.failNextWith = new ServerError('TOKEN_REUSED');
    expect(await a.keeper.tokenAfterRejection(pair.access_token)).toBeNull();
    await settle();
    expect(b.keeper.getSnapshot()).toMatchObject({ signedIn: false, lastSignOutReason: 'session-ended' });
  });

  it('shows a sign-in from another tab', async () => {
    const { server, openTab } = origin();
    const a = openTab();
    const b = openTab();
    expect(b.keeper.getSnapshot().signedIn).toBe(false);
    a.keeper.signedIn(server.issue());
    await settle();
    expect(b.keeper.getSnapshot().signedIn).toBe(true);
  });
});

describe('TokenKeeper.exchange (switching tenant)', () => {
  const ORGANISATION = '0b0c1d2e-0000-4000-8000-0000000000b0';

  it('replaces the pair with the one the call answers, and every tab sees the new tenant', async () => {
    const { server, openTab } = origin();
    const a = openTab();
    const b = openTab();
    a.keeper.signedIn(server.issue());
    const personal = a.keeper.getSnapshot().tenantId;
    expect(personal).toBe(server.tenantId);
    const seen: (string | null)[] = [];
    b.keeper.subscribe(() => seen.push(b.keeper.getSnapshot().tenantId));

    expect(await a.keeper.exchange((token) => fakeSwitchTenant(server)(token, ORGANISATION))).toBe(true);
    expect(a.keeper.getSnapshot().tenantId).toBe(ORGANISATION);
    expect(b.keeper.getSnapshot().tenantId).toBe(ORGANISATION);
    expect(seen).toContain(ORGANISATION);
    // The pair of the organisation refreshes as usual: the retired one is never presented again.
    expect(await b.keeper.tokenAfterRejection((await b.keeper.accessToken())!)).not.toBeNull();
    expect(server.reuseDetected).toBe(false);
  });

  it('holds the refresh lock: a tab refreshing meanwhile uses the new pair instead of the retired one', async () => {
    const { clock, server, locks, openTab } = origin();
    const a = openTab();
    const b = openTab();
    a.keeper.signedIn(server.issue());
    clock.advance(HOUR); // every tab's access token is due for a refresh
    const [switched, fromB] = await Promise.all([
      a.keeper.exchange((token) => fakeSwitchTenant(server)(token, ORGANISATION)),
      b.keeper.accessToken(),
    ]);
    expect(switched).toBe(true);
    expect(server.reuseDetected).toBe(false);
    expect(locks.maxHeld).toBe(1);
    expect(await b.keeper.accessToken()).toBe(await a.keeper.accessToken());
    expect(fromB).not.toBeNull();
    expect(a.keeper.getSnapshot().tenantId).toBe(ORGANISATION);
  });

  it('keeps the pair when the call answers null or fails', async () => {
    const { server, openTab } = origin();
    const { keeper } = openTab();
    const pair = server.issue();
    keeper.signedIn(pair);
    expect(await keeper.exchange(async () => null)).toBe(false);
    await expect(keeper.exchange(() => Promise.reject(new ServerError('NOT_FOUND')))).rejects.toThrow('NOT_FOUND');
    expect(await keeper.accessToken()).toBe(pair.access_token);
  });
});
