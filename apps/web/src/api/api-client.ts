// The tRPC client the hooks use: tokens from the keeper, queries and mutations batched over HTTP,
// subscriptions (the chat stream) over server-sent events.
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@coditect/api';
import type { TTokenPair } from '@coditect/api/contract';
import type { TokenKeeper } from '../auth/token-keeper';
import { ACCESS_TOKEN_CONTEXT, authLink, authorizationHeader } from './auth-link';
import { trpc } from './trpc';

export const TRPC_URL = '/trpc';

export function createApiClient(keeper: TokenKeeper, url = TRPC_URL) {
  const streamTicket = streamTickets(keeper, url);
  return trpc.createClient({
    links: [
      authLink(keeper),
      splitLink({
        condition: (op) => op.type === 'subscription',
        // EventSource cannot send headers, and a URL is no place for the access token (proxies log
        // URLs): each connection, reconnections included, carries a fresh single-use stream ticket.
        true: httpSubscriptionLink({
          url,
          connectionParams: async () => {
            const ticket = await streamTicket();
            return ticket ? { ticket } : null;
          },
        }),
        false: httpBatchLink({ url, maxURLLength: 2000, headers: ({ opList }) => authorizationHeader(opList) }),
      }),
    ],
  });
}

/** Fetches a stream ticket for the keeper's session: null when signed out or refused (the subscription then fails with 401). */
function streamTickets(keeper: TokenKeeper, url: string): () => Promise<string | null> {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url,
        headers: ({ op }) => {
          const token = op.context[ACCESS_TOKEN_CONTEXT];
          return typeof token === 'string' ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
  return async () => {
    const token = await keeper.accessToken();
    if (!token) return null;
    try {
      const issued = await client.auth.streamTicket.mutate(undefined, { context: { [ACCESS_TOKEN_CONTEXT]: token } });
      return issued.ticket;
    } catch {
      return null;
    }
  };
}

/** auth.refresh on a client of its own: it must not go through the auth link it serves. */
export function createRefreshCall(url = TRPC_URL): (refreshToken: string) => Promise<TTokenPair> {
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
  return (refreshToken) => client.auth.refresh.mutate({ refresh_token: refreshToken });
}
