// `pnpm check-store`: opens the configured store (DATA_DIR / STORE) and reports index entries
// without records and records without index entries. Exit code 1 when anything is wrong. Run it
// with the server stopped, or against a copy of the data directory.
import { checkStoreConsistency } from '@coditect/api';
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
    const started = performance.now();
    const report = await checkStoreConsistency(store);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    for (const problem of report.problems) process.stdout.write(`PROBLEM ${problem}\n`);
    process.stdout.write(
      `checked ${report.users} users in ${report.tenants} tenants in ${seconds} s: ${report.problems.length} problem(s)\n`,
    );
    process.exitCode = report.problems.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
