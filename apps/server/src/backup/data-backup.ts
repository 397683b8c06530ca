// Backup and restore of one machine's data: the embedded store, the workspace trees, the audit
// checkpoints and the development JWT secret. A backup runs beside a running server; a restore
// fills an empty data directory with the server stopped.
//
// Order matters for what a restored server sees: the audit checkpoints are copied first (a
// checkpoint newer than the store would read as a truncated chain), the workspace trees next,
// and the store last, as one LMDB snapshot. Trees are archived with tar (owners, modes and
// symlinks kept, no link followed); a file written while they are copied may be its older or
// newer version, the store is exact.
import { execFile } from 'node:child_process';
import { access, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KvStore } from '@coditect/store';

const run = promisify(execFile);

export const BACKUP_FORMAT = 1;

export interface DataLocations {
  dataDir: string;
  workspacesDir: string;
  checkpointsDir: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  created_at: string;
  version: string;
  contents: { store: boolean; workspaces: boolean; checkpoints: boolean; jwt_secret: boolean };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export async function backupData(store: KvStore, from: DataLocations, target: string, version: string): Promise<BackupManifest> {
  if (!store.backupTo)
    throw new Error(`the ${store.backend} store has no backup here: use FoundationDB's fdbbackup for its data`);
  if ((await exists(target)) && (await readdir(target)).length > 0) throw new Error(`${target} is not empty`);
  await mkdir(target, { recursive: true, mode: 0o700 });
  const contents = { store: true, workspaces: false, checkpoints: false, jwt_secret: false };
  if (await exists(from.checkpointsDir)) {
    await cp(from.checkpointsDir, join(target, 'audit-checkpoints'), { recursive: true, preserveTimestamps: true });
    contents.checkpoints = true;
  }
  if (await exists(from.workspacesDir)) {
    await run('tar', ['--create', '--file', join(target, 'workspaces.tar'), '--directory', from.workspacesDir, '.']);
    contents.workspaces = true;
  }
  const secret = join(from.dataDir, 'jwt-secret');
  if (await exists(secret)) {
    await cp(secret, join(target, 'jwt-secret'));
    contents.jwt_secret = true;
  }
  await store.backupTo(join(target, 'kv'));
  const manifest: BackupManifest = { format: BACKUP_FORMAT, created_at: new Date().toISOString(), version, contents };
  await writeFile(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export async function restoreData(source: string, to: DataLocations): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(join(source, 'manifest.json'), 'utf8').catch(() => '{}')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${source} holds no backup of format ${BACKUP_FORMAT} (manifest.json)`);
  if (await exists(join(to.dataDir, 'kv', 'data.mdb'))) {
    throw new Error(`${to.dataDir} already holds a store: stop the server and restore into an empty data directory`);
  }
  await mkdir(join(to.dataDir, 'kv'), { recursive: true });
  await cp(join(source, 'kv', 'data.mdb'), join(to.dataDir, 'kv', 'data.mdb'));
  if (manifest.contents.workspaces) {
    await mkdir(to.workspacesDir, { recursive: true });
    // As root, tar keeps each tree's owner (the workspace uid); otherwise the files become the caller's.
    await run('tar', ['--extract', '--file', join(source, 'workspaces.tar'), '--directory', to.workspacesDir]);
  }
  if (manifest.contents.checkpoints) {
    await cp(join(source, 'audit-checkpoints'), to.checkpointsDir, { recursive: true, preserveTimestamps: true });
  }
  if (manifest.contents.jwt_secret && !(await exists(join(to.dataDir, 'jwt-secret')))) {
    await cp(join(source, 'jwt-secret'), join(to.dataDir, 'jwt-secret'));
  }
  return manifest;
}
