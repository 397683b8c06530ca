// The keyspace's version and the steps that bring a store written by an older release up to it.
// The server runs them at start-up, before it serves (`pnpm --filter @coditect/server migrate`
// runs them alone). Each step is idempotent and works in bounded transactions, so a start-up that
// dies half-way, or two processes starting together, finish the job rather than repeat it.
//   ['keyspace', 'version'] → number (absent: version 1, the keyspace before versions existed)
import { scopeTransaction, Subspace, type KvStore } from '@coditect/store';
import { identitySpace } from '../storage/keyspace';
import { membershipsFromUsers } from './v2-memberships';

const keyspaceSpace = new Subspace(['keyspace']);

export interface KeyspaceMigration {
  /** The version the store has once this step is done. */
  version: number;
  description: string;
  /**
   * Brings one batch up to date, from `cursor` (undefined: the start); answers how many records it
   * changed and where the next batch starts (undefined: done).
   */
  run(store: KvStore, cursor: string | undefined): Promise<{ changed: number; cursor: string | undefined }>;
}

export const KEYSPACE_MIGRATIONS: readonly KeyspaceMigration[] = [
  {
    version: 2,
    description: "memberships: each user's role in their self-tenant becomes a membership record",
    run: membershipsFromUsers,
  },
];

/** The version a store written by this release has. */
export const CURRENT_KEYSPACE_VERSION = KEYSPACE_MIGRATIONS.at(-1)!.version;

export async function keyspaceVersion(store: KvStore): Promise<number> {
  return store.transact(async (tx) => {
    const stored = await scopeTransaction(tx, keyspaceSpace).get<number>(['version']);
    if (stored !== undefined) return stored;
    // A store without a version: version 1 if anything was written, else a new one.
    const anyUser = await scopeTransaction(tx, identitySpace).getRange(['user'], { limit: 1 });
    return anyUser.length > 0 ? 1 : CURRENT_KEYSPACE_VERSION;
  });
}

export interface MigrationReport {
  from: number;
  to: number;
  steps: Array<{ version: number; description: string; changed: number }>;
}

/** Runs every step the store has not had, in order, recording the version after each. */
export async function migrateKeyspace(store: KvStore): Promise<MigrationReport> {
  const from = await keyspaceVersion(store);
  if (from > CURRENT_KEYSPACE_VERSION) {
    throw new Error(
      `The store's keyspace is version ${from}, newer than this release understands (${CURRENT_KEYSPACE_VERSION}): run a newer release`,
    );
  }
  const steps: MigrationReport['steps'] = [];
  for (const migration of KEYSPACE_MIGRATIONS) {
    if (migration.version <= from) continue;
    let changed = 0;
    let cursor: string | undefined;
    do {
      const batch = await migration.run(store, cursor);
      changed += batch.changed;
      cursor = batch.cursor;
    } while (cursor !== undefined);
    await store.transact(async (tx) => {
      const space = scopeTransaction(tx, keyspaceSpace);
      const stored = (await space.get<number>(['version'])) ?? 1;
      if (stored < migration.version) space.set(['version'], migration.version);
    });
    steps.push({ version: migration.version, description: migration.description, changed });
  }
  if (from === CURRENT_KEYSPACE_VERSION) {
    // A new store (or one already current) records its version, so the next start reads one key.
    await store.transact(async (tx) => {
      const space = scopeTransaction(tx, keyspaceSpace);
      if ((await space.get<number>(['version'])) === undefined) space.set(['version'], CURRENT_KEYSPACE_VERSION);
    });
  }
  return { from, to: CURRENT_KEYSPACE_VERSION, steps };
}
