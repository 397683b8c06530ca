import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { ERROR_STATUS, type TTenantSummary } from '@coditect/api/contract';
import { createApiClient, createTenantCalls, TRPC_URL } from '../api/api-client';
import { createRestClient } from '../api/rest-client';
import { RestClientProvider } from '../api/rest-client-provider';
import { SocketTokensProvider } from '../api/socket-tokens';
import { apiErrorCode } from '../api/api-error';
import { trpc } from '../api/trpc';
import { AuthProvider } from '../auth/auth-provider';
import { tokenTenant } from '../auth/stored-tokens';
import type { TokenKeeper } from '../auth/token-keeper';
import { TenantSwitchProvider } from '../organisations/tenant-switch-provider';
import { refreshRole } from '../organisations/role-refresh';
import { createTenantSwitcher, TenantNotices } from '../organisations/tenant-switcher';
import { AppRoutes } from './app-routes';

/** Only an unreachable or failing server is worth asking again; a 4xx would answer the same. */
function isWorthRetrying(error: unknown): boolean {
  const code = apiErrorCode(error);
  return code === 'NETWORK_ERROR' || ERROR_STATUS[code] >= 500;
}

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 10_000, retry: (failures, error) => failures < 2 && isWorthRetrying(error) },
    },
  });
}

/** A tenant's name as the last tenants.list this browser fetched had it. */
function knownTenantName(queryClient: QueryClient, tenantId: string): string | undefined {
  for (const [, tenants] of queryClient.getQueriesData<TTenantSummary[]>({ queryKey: getQueryKey(trpc.tenants.list) })) {
    const found = tenants?.find((tenant) => tenant.tenant_id === tenantId);
    if (found) return found.name;
  }
  return undefined;
}

export function App({ keeper }: { keeper: TokenKeeper }) {
  const [queryClient] = useState(createQueryClient);
  const [tenants] = useState(() => {
    const notices = new TenantNotices();
    const switcher = createTenantSwitcher({
      keeper,
      calls: createTenantCalls(),
      notices,
      knownTenantName: (tenantId) => knownTenantName(queryClient, tenantId),
    });
    return { notices, switcher };
  });
  const [refusals] = useState(() => ({
    // Any call answering MEMBERSHIP_ENDED takes the user back to their personal tenant (the call itself still fails).
    onMembershipEnded: (token: string, message: string) => void tenants.switcher.membershipEnded(tokenTenant(token), message),
    // A call refused for the role: the role may have changed; the tab catches up at once.
    onForbidden: () => refreshRole(queryClient),
  }));
  const [trpcClient] = useState(() => createApiClient(keeper, TRPC_URL, refusals));
  const [restClient] = useState(() => createRestClient(keeper, undefined, refusals));
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RestClientProvider client={restClient}>
          <SocketTokensProvider tokens={keeper}>
            <AuthProvider keeper={keeper}>
              <TenantSwitchProvider switcher={tenants.switcher} notices={tenants.notices}>
                <AppRoutes />
              </TenantSwitchProvider>
            </AuthProvider>
          </SocketTokensProvider>
        </RestClientProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
