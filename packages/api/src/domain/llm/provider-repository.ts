// A tenant's own model providers, by name, in the tenant's space; the key sealed (provider-keys.ts).
import type { ScopedTransaction } from '@coditect/store';
import type { SealedKey } from './provider-keys';

export interface StoredProvider {
  name: string;
  base_url: string;
  models: string[] | null;
  api_key: SealedKey | null;
  created_at: string;
  updated_at: string;
}

export const providerRepository = {
  get(tx: ScopedTransaction, name: string): Promise<StoredProvider | undefined> {
    return tx.get<StoredProvider>(['llm_provider', name.toLowerCase()]);
  },
  put(tx: ScopedTransaction, provider: StoredProvider): void {
    tx.set(['llm_provider', provider.name.toLowerCase()], provider);
  },
  remove(tx: ScopedTransaction, name: string): void {
    tx.clear(['llm_provider', name.toLowerCase()]);
  },
  async list(tx: ScopedTransaction): Promise<StoredProvider[]> {
    return (await tx.getRange<StoredProvider>(['llm_provider'])).map((entry) => entry.value);
  },
};
