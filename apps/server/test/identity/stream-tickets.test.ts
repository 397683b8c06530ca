// Subscriptions over SSE authenticate with a single-use stream ticket in connectionParams, never
// with the access token in the URL: a ticket opens one subscription, then is gone; it opens nothing
// else, dies with its session, and only signed-in sessions get one.
import { createTRPCClient, httpSubscriptionLink, type TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import type { AppRouter, TWatchEvent } from '@coditect/api';
import { streamTicket } from '../support/chat-client';
import { sessionFiles } from '../support/session-files';
import { getJson, useTestServer } from '../support/test-server';

type Outcome = { events: TWatchEvent[]; error?: TRPCClientError<AppRouter> };

/** Opens files.watch once with these connection params; settles at its first event or error. */
function watchOnce(baseUrl: string, params: Record<string, string>, sessionId: string): Promise<Outcome> {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink<AppRouter, typeof EventSource>({
        url: `${baseUrl}/trpc`,
        EventSource,
        connectionParams: () => params,
      }),
    ],
  });
  return new Promise((resolve) => {
    const subscription = client.files.watch.subscribe(
      { session_id: sessionId },
      {
        onData: (event) => {
          subscription.unsubscribe();
          resolve({ events: [event.data] });
        },
        onError: (error) => {
          subscription.unsubscribe();
          resolve({ events: [], error: error as TRPCClientError<AppRouter> });
        },
      },
    );
  });
}

describe('stream tickets', () => {
  const server = useTestServer();

  it('a ticket opens one subscription; used again it is refused', async () => {
    const files = await sessionFiles(server);
    const issued = await getJson(`${server.url}/api/v5/auth/stream-ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${files.user.accessToken}` },
    });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toContain('no-store');
    const { ticket, expires_in } = issued.body.data as { ticket: string; expires_in: number };
    expect(expires_in).toBe(60);
    expect(ticket).not.toContain(files.user.accessToken);

    const first = await watchOnce(server.url, { ticket }, files.sessionId);
    expect(first.error).toBeUndefined();
    expect(first.events).toEqual([{ type: 'ready' }]);
    const again = await watchOnce(server.url, { ticket }, files.sessionId);
    expect(again.error?.data).toMatchObject({ appCode: 'UNAUTHORIZED', httpStatus: 401 });
    expect(again.error?.message).toMatch(/already used/);
  });

  it('an access token in the URL is refused, saying what to do instead', async () => {
    const files = await sessionFiles(server);
    const outcome = await watchOnce(server.url, { token: files.user.accessToken }, files.sessionId);
    expect(outcome.error?.data).toMatchObject({ appCode: 'UNAUTHORIZED', httpStatus: 401 });
    expect(outcome.error?.message).toMatch(/stream-ticket/);
  });

  it('a ticket authenticates nothing but a subscription, and is not spent by trying', async () => {
    const files = await sessionFiles(server);
    const ticket = (await streamTicket(server.url, files.user.accessToken))!;
    const params = encodeURIComponent(JSON.stringify({ ticket }));
    const query = await getJson(`${server.url}/trpc/users.me?connectionParams=${params}`);
    expect(query.status).toBe(401);
    const subscription = await watchOnce(server.url, { ticket }, files.sessionId);
    expect(subscription.error).toBeUndefined();
  });

  it('a forged, altered or orphaned ticket is refused; so is one whose session ended', async () => {
    const files = await sessionFiles(server);
    const ticket = (await streamTicket(server.url, files.user.accessToken))!;
    const [prefix, expiry, secret] = ticket.split('.') as [string, string, string];
    const forged = [
      'cst_not-a-ticket',
      `${prefix}.${expiry}.${'A'.repeat(43)}`,
      // Expired a second ago (and never issued).
      `${prefix}.${(Date.now() - 1000).toString(36)}.${secret}`,
      `cst_00000000-0000-4000-8000-000000000000.${expiry}.${secret}`,
    ];
    for (const candidate of forged) {
      const outcome = await watchOnce(server.url, { ticket: candidate }, files.sessionId);
      expect(outcome.error?.data, candidate).toMatchObject({ appCode: 'UNAUTHORIZED' });
    }
    const logout = await server.api.post('/auth/logout', undefined, files.user.accessToken);
    expect(logout.status).toBe(200);
    const afterLogout = await watchOnce(server.url, { ticket }, files.sessionId);
    expect(afterLogout.error?.data).toMatchObject({ appCode: 'UNAUTHORIZED' });
    expect(afterLogout.error?.message).toMatch(/session has ended/);
  });

  it('only a signed-in session gets a ticket: not an API key, not anyone', async () => {
    const files = await sessionFiles(server);
    const key = (await server.api.post('/api-keys', { name: 'k', scope: 'write' }, files.user.accessToken)).body.data
      .secret as string;
    expect(await streamTicket(server.url, key)).toBeUndefined();
    const byKey = await getJson(`${server.url}/api/v5/auth/stream-ticket`, { method: 'POST', headers: { 'x-api-key': key } });
    expect(byKey.status).toBe(403);
    const anonymous = await getJson(`${server.url}/api/v5/auth/stream-ticket`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });
});
