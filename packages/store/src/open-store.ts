// Opens the configured store backend. The FoundationDB binding is loaded only for `backend: 'fdb'`.
import type { KvStore } from './kv-store';
import { openEmbeddedStore } from './embedded-store';
import { openFdbStore } from './fdb-store';

export type StoreConfig = { backend: 'embedded'; dataDir: string } | { backend: 'fdb'; clusterFile?: string };

export async function openStore(config: StoreConfig): Promise<KvStore> {
  switch (config.backend) {
    case 'embedded':
      return openEmbeddedStore(config.dataDir);
    case 'fdb':
      return openFdbStore(config.clusterFile);
    default:
      throw new Error(`unknown store backend: ${String((config as { backend: unknown }).backend)}`);
  }
}
