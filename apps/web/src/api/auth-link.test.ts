// The auth link against the real server: tokens attached, refreshed ahead of expiry and after a
// 401, not refreshed for a 401 that a token cannot fix, and a dead session signs the tab out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@coditect/api';
import { startAppServer, type AppServer } from '../../test-support/app-server';
import { TokenKeeper } from '../auth/token-keeper';
import type { TokenStorage } from '../auth/token-storage';
import type { StoredTokens } from '../auth/stored-tokens';
import { FakeLockManager } from '../auth/test-support/fake-tabs';
import { apiErrorCode } from './api-error';
import { ACCESS_TOKEN_CONTEXT, authLink, authorizationHeader } from './auth-link';
import { createRestClient } from './rest-client';

function memoryStorage(): TokenStorage & { tokens: StoredTokens | null } {
  return {
    tokens: null,
    read() {
      return this.tokens;
    },
    write(tokens) {
      this.tokens = tokens;
    },
    clear() {
      this.tokens = null;
    },
    subscribe: () => () => {},
  };
}

const isSessionEnded = (error: unknown) => ['UNAUTHORIZED', 'TOKEN_REUSED', 'TOKEN_EXPIRED'].includes(apiErrorCode(error));

describe('authLink with the real server', () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({ env: { ACCESS_TOKEN_TTL: '1' }, webApp: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function signedInTab() {
    const url = `${server.url}/trpc`;
    const plain = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
    let refreshes = 0;
    const statuses: number[] = [];
    const storage = memoryStorage();
    const keeper = new TokenKeeper({
      storage,
      lock: new FakeLockManager().lock(),
      channel: { post() {}, subscribe: () => () => {} },
      refresh: (refreshToken) => {
        refreshes += 1;
        return plain.auth.refresh.mutate({ refresh_token: refreshToken });
      },
      isSessionEnded,
    });
    const client = createTRPCClient<AppRouter>({
      links: [
        authLink(keeper),
        httpBatchLink({
          url,
          headers: ({ opList }) => authorizationHeader(opList),
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            statuses.push(response.status);
            return response;
          },
        }),
      ],
    });
    const email = `link-${crypto.randomUUID()}@example.com`;
    const registered = await client.auth.register.mutate({
      email,
      password: 'correct horse battery',
      first_name: 'Link',
      last_name: 'Test',
    });
    keeper.signedIn(registered.tokens);
    return { client, plain, keeper, storage, email, statuses, refreshes: () => refreshes };
  }

  it('reports a call refused for the role (FORBIDDEN), through the tRPC link and the REST client, and nothing else', async () => {
    const tab = await signedInTab();
    const { secret } = await tab.client.apiKeys.create.mutate({ name: 'read only', scope: 'read' });
    // The read-only key as the bearer token: the server refuses it every change (FORBIDDEN).
    const keyTokens = { accessToken: async () => secret, tokenAfterRejection: async () => null };
    let forbidden = 0;
    const refusals = { onForbidden: () => (forbidden += 1) };
    const url = `${server.url}/trpc`;
    const client = createTRPCClient<AppRouter>({
      links: [authLink(keyTokens, refusals), httpLink({ url, headers: ({ op }) => authorizationHeader([op]) })],
    });
    expect((await client.sessions.list.query({ limit: 1 })).sessions).toEqual([]);
    expect(forbidden).toBe(0);
    const refused: unknown = await client.sessions.create
      .mutate({ name: 'not with this key' })
      .catch((caught: unknown) => caught);
    expect(apiErrorCode(refused)).toBe('FORBIDDEN');
    expect(forbidden).toBe(1);
    // A call failing otherwise is not a role refusal.
    const missing: unknown = await client.sessions.get
      .query({ session_id: crypto.randomUUID() })
      .catch((caught: unknown) => caught);
    expect(apiErrorCode(missing)).toBe('SESSION_NOT_FOUND');
    expect(forbidden).toBe(1);

    const rest = createRestClient(keyTokens, undefined, refusals);
    const restRefused = await rest
      .fetch(`${server.url}/api/v5/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'not with this key either' }),
      })
      .catch((caught: unknown) => caught);
    expect((restRefused as { code?: string }).code).toBe('FORBIDDEN');
    expect(forbidden).toBe(2);
  });

  it('sends the token on protected calls and none on public ones', async () => {
    const tab = await signedInTab();
    const [me, health] = await Promise.all([tab.client.users.me.query(), tab.client.health.check.query()]);
    expect(me.email).toBe(tab.email);
    expect(health.status).toBe('ok');
    expect(tab.refreshes()).toBe(0);
  });

  it('refreshes ahead of expiry instead of waiting for a 401', async () => {
    const tab = await signedInTab();
    const first = tab.keeper.currentAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 800)); // a 1 s token is due after 750 ms
    tab.statuses.length = 0;
    await tab.client.users.me.query();
    expect(tab.refreshes()).toBe(1);
    expect(tab.keeper.currentAccessToken()).not.toBe(first);
    expect(tab.statuses).toEqual([200]);
  });

  it('refreshes after a 401 and sends the call again', async () => {
    const tab = await signedInTab();
    tab.storage.tokens = { ...tab.storage.tokens!, access_token: 'not-a-valid-token' };
    tab.statuses.length = 0;
    const me = await tab.client.users.me.query();
    expect(me.email).toBe(tab.email);
    expect(tab.statuses).toEqual([401, 200]);
    expect(tab.refreshes()).toBe(1);
  });

  it('leaves 401s that are about the input alone (a wrong current password)', async () => {
    const tab = await signedInTab();
    const failure = await tab.client.users.changePassword
      .mutate({ current_password: 'wrong password', new_password: 'another good password' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TRPCClientError);
    expect(apiErrorCode(failure)).toBe('INVALID_PASSWORD');
    expect(tab.refreshes()).toBe(0);
    expect(tab.keeper.getSnapshot().signedIn).toBe(true);
  });

  it('signs the tab out when the session was ended elsewhere', async () => {
    const tab = await signedInTab();
    await tab.client.auth.logout.mutate();
    const failure = await tab.client.users.me.query().catch((error: unknown) => error);
    expect(apiErrorCode(failure)).toBe('UNAUTHORIZED');
    expect(tab.refreshes()).toBe(1);
    expect(tab.keeper.getSnapshot()).toMatchObject({ signedIn: false, lastSignOutReason: 'session-ended' });
  });
});

describe('authLink and an ended membership', () => {
  it('reports MEMBERSHIP_ENDED with the token the call carried, fails the call, and sends it nowhere else', async () => {
    const sent: unknown[] = [];
    const reports: [string, string][] = [];
    let forbidden = 0;
    const refused: TRPCLink<AppRouter> =
      () =>
      ({ op }) =>
        observable((observer) => {
          sent.push(op.context[ACCESS_TOKEN_CONTEXT]);
          observer.error(
            TRPCClientError.from({
              error: {
                message: 'You are no longer a member of this organisation',
                code: -32603,
                data: { appCode: 'MEMBERSHIP_ENDED', httpStatus: 403 },
              },
            }),
          );
        });
    const tokens = { accessToken: async () => 'token-in-acme', tokenAfterRejection: async () => 'another-token' };
    const client = createTRPCClient<AppRouter>({
      links: [
        authLink(tokens, {
          onMembershipEnded: (token, message) => reports.push([token, message]),
          onForbidden: () => (forbidden += 1),
        }),
        refused,
      ],
    });
    const error: unknown = await client.sessions.list.query({ limit: 1 }).catch((caught: unknown) => caught);
    expect(apiErrorCode(error)).toBe('MEMBERSHIP_ENDED');
    expect(reports).toEqual([['token-in-acme', 'You are no longer a member of this organisation']]);
    expect(sent).toEqual(['token-in-acme']);
    expect(forbidden).toBe(0);
  });
});
