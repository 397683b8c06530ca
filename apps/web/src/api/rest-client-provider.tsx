// The REST client (uploads, downloads) for the components, next to the tRPC client.
import { createContext, useContext, type ReactNode } from 'react';
import type { RestClient } from './rest-client';

const RestClientContext = createContext<RestClient | null>(null);

export function RestClientProvider({ client, children }: { client: RestClient; children: ReactNode }) {
  return <RestClientContext.Provider value={client}>{children}</RestClientContext.Provider>;
}

export function useRestClient(): RestClient {
  const client = useContext(RestClientContext);
  if (!client) throw new Error('useRestClient outside <RestClientProvider>');
  return client;
}
