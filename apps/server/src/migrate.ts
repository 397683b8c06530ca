// `pnpm --filter @coditect/server migrate`: brings the configured store (DATA_DIR / STORE) up to
// this release's keyspace version and says what it did. The server does the same at start-up;
// this runs it alone (before a deployment, or on a copy of the data directory).
import { keyspaceVersion, migrateKeyspace } from '@coditect/api';
import { openStore } from '@coditect/store';
import { ConfigError, loadConfig } from './config';

try {
  const config = loadConfig();
  const store = await openStore(
    config.STORE === 'fdb'
      ? { backend: 'fdb', clusterFile: config.FDB_CLUSTER_FILE }
      : { backend: 'embedded', dataDir: config.DATA_DIR },
  );
  try {
    const report = await migrateKeyspace(store);
    for (const step of report.steps) {
      process.stdout.write(`version ${step.version}: ${step.description} (${step.changed} records)\n`);
    }
    process.stdout.write(
      report.steps.length === 0
        ? `the keyspace is at version ${await keyspaceVersion(store)}: nothing to do\n`
        : `migrated the keyspace from version ${report.from} to ${report.to}\n`,
    );
  } finally {
    await store.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
