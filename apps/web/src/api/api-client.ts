// The tRPC client the hooks use: tokens from the keeper, queries and mutations batched over HTTP,
// subscriptions (the chat stream) over server-sent events.
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@coditect/api';
import type { TTenantSummary, TTokenPair } from '@coditect/api/contract';
import type { TokenKeeper } from '../auth/token-keeper';
import { apiErrorCode } from './api-error';
import { ACCESS_TOKEN_CONTEXT, authLink, authorizationHeader, type AuthLinkOptions } from './auth-link';
import { trpc } from './trpc';

export const TRPC_URL = '/trpc';

export function createApiClient(keeper: TokenKeeper, url = TRPC_URL, options: AuthLinkOptions = {}) {
  const streamTicket = streamTickets(keeper, url, options);
  return trpc.createClient({
    links: [
      authLink(keeper, options),
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
function streamTickets(keeper: TokenKeeper, url: string, options: AuthLinkOptions): () => Promise<string | null> {
  const client = tokenInContextClient(url);
  return async () => {
    const token = await keeper.accessToken();
    if (!token) return null;
    try {
      const issued = await client.auth.streamTicket.mutate(undefined, { context: { [ACCESS_TOKEN_CONTEXT]: token } });
      return issued.ticket;
    } catch (error) {
      if (apiErrorCode(error) === 'MEMBERSHIP_ENDED') options.onMembershipEnded?.(token, (error as Error).message);
      return null;
    }
  };
}

/** A client outside the auth link: each call carries the access token its context names. */
function tokenInContextClient(url: string) {
  return createTRPCClient<AppRouter>({
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
}

/**
 * The calls that answer a new token pair for another tenant, made with a given access token while
 * the token keeper holds its refresh lock (TokenKeeper.exchange) — so outside the auth link, which
 * would wait for that lock to refresh — and tenants.list to choose where to go.
 */
export interface TenantCalls {
  listTenants(accessToken: string): Promise<TTenantSummary[]>;
  switchTenant(accessToken: string, tenantId: string): Promise<TTokenPair>;
  leaveOrganisation(accessToken: string): Promise<TTokenPair>;
  /** `confirm`: the organisation's name, typed. */
  deleteOrganisation(accessToken: string, confirm: string): Promise<TTokenPair>;
  acceptInvitation(accessToken: string, invitationToken: string): Promise<TTokenPair>;
}

export function createTenantCalls(url = TRPC_URL): TenantCalls {
  const client = tokenInContextClient(url);
  const as = (token: string) => ({ context: { [ACCESS_TOKEN_CONTEXT]: token } });
  return {
    listTenants: (token) => client.tenants.list.query(undefined, as(token)),
    switchTenant: async (token, tenantId) => (await client.auth.switchTenant.mutate({ tenant_id: tenantId }, as(token))).tokens,
    leaveOrganisation: async (token) => (await client.tenants.leave.mutate(undefined, as(token))).tokens,
    deleteOrganisation: async (token, confirm) => (await client.tenants.delete.mutate({ confirm }, as(token))).tokens,
    acceptInvitation: async (token, invitation) =>
      (await client.invitations.accept.mutate({ token: invitation }, as(token))).tokens,
  };
}

/** auth.refresh on a client of its own: it must not go through the auth link it serves. */
export function createRefreshCall(url = TRPC_URL): (refreshToken: string) => Promise<TTokenPair> {
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
  return (refreshToken) => client.auth.refresh.mutate({ refresh_token: refreshToken });
}
