// `pnpm restore <backup directory>`: fills an empty DATA_DIR (and WORKSPACES_DIR) from a backup
// made by `pnpm backup`. Stop the server first; a data directory that holds a store is refused.
import { join, resolve } from 'node:path';
import { restoreData } from './backup/data-backup';
import { ConfigError, loadConfig, workspacesDir } from './config';

const source = process.argv[2];
try {
  if (!source) throw new ConfigError('usage: pnpm restore <backup directory>');
  const config = loadConfig();
  if (config.STORE !== 'embedded') throw new ConfigError('STORE=fdb: restore FoundationDB with fdbrestore');
  const manifest = await restoreData(resolve(process.env.INIT_CWD ?? process.cwd(), source), {
    dataDir: config.DATA_DIR,
    workspacesDir: workspacesDir(config),
    checkpointsDir: config.AUDIT_CHECKPOINT_DIR ?? join(config.DATA_DIR, 'audit-checkpoints'),
  });
  process.stdout.write(
    `restored the backup of ${manifest.created_at} into ${config.DATA_DIR}; run pnpm check-store to confirm\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `restore failed: ${(error as Error).message}`}\n`);
  process.exitCode = 2;
}
