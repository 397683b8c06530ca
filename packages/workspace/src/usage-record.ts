// How much a workspace holds, kept cheap to know: meta/usage.json is updated by every mutation
// this library makes (under the workspace lock, from the sizes it already has in hand), and
// recomputed by a full scan when it is older than usageMaxAgeMs, because terminals and other
// processes write to the tree without telling us. So a quota check costs one small read, plus a
// scan at most once per usageMaxAgeMs per workspace; between scans, usage can lag behind what a
// terminal did by at most that long.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDirectoryAt } from './confined-resolve';
import type { WorkspaceLayout } from './workspace-layout';
import { walkTree } from './tree-walk';

export interface WorkspaceUsage {
  /** Bytes of the regular files in the tree. */
  bytes: number;
  /** Names in the tree: files, directories, symlinks and anything else a terminal made. */
  entries: number;
}

export interface UsageRecord extends WorkspaceUsage {
  /** When a full scan last established the figures (ISO). */
  scanned_at: string;
  updated_at: string;
}

export async function scanUsage(treePath: string): Promise<WorkspaceUsage> {
  const usage: WorkspaceUsage = { bytes: 0, entries: 0 };
  const tree = await openDirectoryAt(treePath);
  try {
    for await (const entry of walkTree(tree, { stat: true })) {
      usage.entries += 1;
      if (entry.type === 'file') usage.bytes += entry.stat!.size;
    }
  } finally {
    await tree.close();
  }
  return usage;
}

export async function readUsageRecord(usageFile: string): Promise<UsageRecord | null> {
  try {
    const record = JSON.parse(await readFile(usageFile, 'utf8')) as Partial<UsageRecord>;
    if (typeof record.bytes !== 'number' || typeof record.entries !== 'number' || typeof record.scanned_at !== 'string')
      return null;
    return record as UsageRecord;
  } catch {
    return null;
  }
}

export async function saveUsageRecord(layout: WorkspaceLayout, record: UsageRecord): Promise<void> {
  const temporary = join(layout.tmp, `usage-${randomUUID()}.json`);
  await writeFile(temporary, JSON.stringify(record));
  try {
    await rename(temporary, layout.usageFile);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The recorded usage, recomputed first when missing or older than `maxAgeMs`. Call under the lock. */
export async function loadUsage(layout: WorkspaceLayout, maxAgeMs: number): Promise<{ record: UsageRecord; rescanned: boolean }> {
  const record = await readUsageRecord(layout.usageFile);
  if (record && Date.now() - Date.parse(record.scanned_at) < maxAgeMs) return { record, rescanned: false };
  const now = new Date().toISOString();
  const fresh: UsageRecord = { ...(await scanUsage(layout.tree)), scanned_at: now, updated_at: now };
  await saveUsageRecord(layout, fresh);
  return { record: fresh, rescanned: true };
}

/** Recorded bytes and entries of the tenant's other workspaces (their records as they are, not rescanned). */
export async function otherWorkspacesUsage(layout: WorkspaceLayout): Promise<WorkspaceUsage> {
  let names: string[];
  try {
    names = await readdir(layout.tenantDir);
  } catch {
    return { bytes: 0, entries: 0 };
  }
  const records = await Promise.all(
    names
      .filter((name) => !name.startsWith('.') && name !== layout.ref.workspaceId)
      .map((name) => readUsageRecord(join(layout.tenantDir, name, 'meta', 'usage.json'))),
  );
  return records.reduce(
    (sum, record) => ({ bytes: sum.bytes + (record?.bytes ?? 0), entries: sum.entries + (record?.entries ?? 0) }),
    { bytes: 0, entries: 0 },
  );
}
