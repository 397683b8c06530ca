// Gives each conformance test a store to work on, per backend: a fresh data directory for the
// embedded store, a fresh key prefix in the shared database for FoundationDB.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, Subspace, type KvStore, type StoreConfig } from '../src/index';

export interface StoreHarness {
  /** Keys of the test live under this prefix. */
  readonly space: Subspace;
  /** Opens the test's store; call again after close() to reopen it. */
  open(): Promise<KvStore>;
  /** Closes every store opened and removes the test's data. */
  dispose(): Promise<void>;
}

export type HarnessFactory = () => Promise<StoreHarness>;

function harnessFor(config: StoreConfig, space: Subspace, removeData: () => Promise<void>): StoreHarness {
  const opened: KvStore[] = [];
  return {
    space,
    async open() {
      const store = await openStore(config);
      opened.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(opened.map((store) => store.close()));
      await removeData();
    },
  };
}

export const embeddedHarness: HarnessFactory = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'store-conformance-'));
  return harnessFor({ backend: 'embedded', dataDir }, new Subspace(['conformance']), () =>
    rm(dataDir, { recursive: true, force: true }),
  );
};

export function fdbHarness(clusterFile: string): HarnessFactory {
  return async () => {
    const space = new Subspace(['conformance', randomUUID()]);
    const config: StoreConfig = { backend: 'fdb', clusterFile };
    return harnessFor(config, space, async () => {
      const store = await openStore(config);
      try {
        await store.transact(async (tx) => {
          const { begin, end } = space.range();
          tx.clearRange(begin, end);
        });
      } finally {
        await store.close();
      }
    });
  };
}
