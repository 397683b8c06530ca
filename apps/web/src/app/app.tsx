import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ERROR_STATUS } from '@coditect/api/contract';
import { createApiClient } from '../api/api-client';
import { createRestClient } from '../api/rest-client';
import { RestClientProvider } from '../api/rest-client-provider';
import { SocketTokensProvider } from '../api/socket-tokens';
import { apiErrorCode } from '../api/api-error';
import { trpc } from '../api/trpc';
import { AuthProvider } from '../auth/auth-provider';
import type { TokenKeeper } from '../auth/token-keeper';
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

export function App({ keeper }: { keeper: TokenKeeper }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createApiClient(keeper));
  const [restClient] = useState(() => createRestClient(keeper));
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RestClientProvider client={restClient}>
          <SocketTokensProvider tokens={keeper}>
            <AuthProvider keeper={keeper}>
              <AppRoutes />
            </AuthProvider>
          </SocketTokensProvider>
        </RestClientProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
