// `pnpm check-store`: opens the configured store (DATA_DIR / STORE) and reports index entries
// without records and records without index entries, and workspace trees (WORKSPACES_DIR) whose
// session no longer exists. Exit code 1 when anything is wrong. Run it with the server stopped,
// or against a copy of the data directory.
import { stat } from 'node:fs/promises';
import { checkStoreConsistency, findOrphanWorkspaces } from '@coditect/api';
import { openStore } from '@coditect/store';
import { openWorkspaceRoot } from '@coditect/workspace';
import { ConfigError, loadConfig, workspacesDir } from './config';

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
    const treesDir = workspacesDir(config);
    let trees = 0;
    if ((await stat(treesDir).catch(() => null))?.isDirectory()) {
      const root = await openWorkspaceRoot({ root: treesDir });
      for await (const _ of root.list()) trees += 1;
      // The server is stopped: no fork is between copying a tree and recording its session.
      for (const orphan of await findOrphanWorkspaces(store, root, { graceMs: 0 })) {
        report.problems.push(
          `workspace ${orphan.tenantId}/${orphan.workspaceId} has no session (the server's start-up sweep removes it)`,
        );
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    for (const problem of report.problems) process.stdout.write(`PROBLEM ${problem}\n`);
    process.stdout.write(
      `checked ${report.users} users in ${report.tenants} tenants and ${trees} workspace trees in ${seconds} s: ${report.problems.length} problem(s)\n`,
    );
    process.exitCode = report.problems.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
