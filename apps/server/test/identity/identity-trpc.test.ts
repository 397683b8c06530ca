// The same identity operations through the typed tRPC client, as the web app uses them.
import { describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { TEST_PASSWORD, uniqueEmail } from '../support/rest-client';

async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TRPCClientError);
  return outcome as TRPCClientError<AppRouter>;
}

describe('identity over tRPC', () => {
  const server = useTestServer();

  const client = (token?: string) =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${server.url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
    });

  it('register → me → updateMe → refresh → logout', async () => {
    const email = uniqueEmail('trpc');
    const registered = await client().auth.register.mutate({ email, password: TEST_PASSWORD, first_name: 'T', last_name: 'R' });
    expect(registered.user.role).toBe('Admin');
    const authed = client(registered.tokens.access_token);
    const [me, updated] = await Promise.all([authed.users.me.query(), authed.users.updateMe.mutate({ last_name: 'Pc' })]);
    expect(me.email).toBe(email);
    expect(updated.full_name).toBe('T Pc');
    const pair = await client().auth.refresh.mutate({ refresh_token: registered.tokens.refresh_token });
    const { message } = await client(pair.access_token).auth.logout.mutate();
    expect(message).toBe('Logged out successfully');
    const after = await rejection(client(pair.access_token).users.me.query());
    expect(after.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, appCode: 'UNAUTHORIZED' });
  });

  it('domain errors reach the client with their code and field details', async () => {
    const email = uniqueEmail('dup');
    await client().auth.register.mutate({ email, password: TEST_PASSWORD, first_name: 'A', last_name: 'B' });
    const taken = await rejection(
      client().auth.register.mutate({ email, password: TEST_PASSWORD, first_name: 'A', last_name: 'B' }),
    );
    expect(taken.data).toMatchObject({ httpStatus: 409, appCode: 'EMAIL_TAKEN' });
    const invalid = await rejection(
      client().auth.register.mutate({ email: 'nope', password: 'short', first_name: 'A', last_name: 'B' }),
    );
    expect(invalid.data).toMatchObject({ httpStatus: 400, appCode: 'VALIDATION_ERROR' });
    const paths = (invalid.data as { details: Array<{ path: string }> }).details.map((issue) => issue.path).sort();
    expect(paths).toEqual(['email', 'password']);
    const wrong = await rejection(client().auth.login.mutate({ email, password: 'not the password' }));
    expect(wrong.data).toMatchObject({ httpStatus: 401, appCode: 'INVALID_CREDENTIALS' });
  });
});
