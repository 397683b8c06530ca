// The tRPC client the hooks use: tokens from the keeper, queries and mutations batched over HTTP,
// subscriptions (the chat stream) over server-sent events.
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@coditect/api';
import type { TTokenPair } from '@coditect/api/contract';
import type { TokenKeeper } from '../auth/token-keeper';
import { authLink, authorizationHeader } from './auth-link';
import { trpc } from './trpc';

export const TRPC_URL = '/trpc';

export function createApiClient(keeper: TokenKeeper, url = TRPC_URL) {
  return trpc.createClient({
    links: [
      authLink(keeper),
      splitLink({
        condition: (op) => op.type === 'subscription',
        // EventSource cannot send headers: the access token travels as the `token` connection
        // parameter, which the server reads for subscriptions (it redacts it from its logs).
        true: httpSubscriptionLink({
          url,
          connectionParams: async () => {
            const token = await keeper.accessToken();
            return token ? { token } : null;
          },
        }),
        false: httpBatchLink({ url, maxURLLength: 2000, headers: ({ opList }) => authorizationHeader(opList) }),
      }),
    ],
  });
}

/** auth.refresh on a client of its own: it must not go through the auth link it serves. */
export function createRefreshCall(url = TRPC_URL): (refreshToken: string) => Promise<TTokenPair> {
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
  return (refreshToken) => client.auth.refresh.mutate({ refresh_token: refreshToken });
}
