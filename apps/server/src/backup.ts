// `pnpm backup <directory>`: a copy of this machine's data (embedded store, workspace trees, audit
// checkpoints, development JWT secret) into an empty directory, while the server keeps running.
import { join, resolve } from 'node:path';
import { openStore } from '@coditect/store';
import { backupData } from './backup/data-backup';
import { ConfigError, loadConfig, workspacesDir } from './config';
import { VERSION } from './server';

const target = process.argv[2];
try {
  if (!target) throw new ConfigError('usage: pnpm backup <empty directory>');
  const config = loadConfig();
  if (config.STORE !== 'embedded')
    throw new ConfigError('STORE=fdb: back FoundationDB up with fdbbackup; this copies the embedded store');
  const store = await openStore({ backend: 'embedded', dataDir: config.DATA_DIR });
  try {
    const started = performance.now();
    const manifest = await backupData(
      store,
      {
        dataDir: config.DATA_DIR,
        workspacesDir: workspacesDir(config),
        checkpointsDir: config.AUDIT_CHECKPOINT_DIR ?? join(config.DATA_DIR, 'audit-checkpoints'),
      },
      resolve(process.env.INIT_CWD ?? process.cwd(), target),
      VERSION,
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(
      `backed up ${Object.keys(manifest.contents)
        .filter((part) => manifest.contents[part as keyof typeof manifest.contents])
        .join(', ')} to ${resolve(process.env.INIT_CWD ?? process.cwd(), target)} in ${seconds} s\n`,
    );
  } finally {
    await store.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `backup failed: ${(error as Error).message}`}\n`);
  process.exitCode = 2;
}
