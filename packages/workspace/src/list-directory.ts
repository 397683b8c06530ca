// One page of a directory listing: directories first, then by name (case-insensitively, exact
// spelling breaking ties). Only names and types are read for the whole directory (readdir with
// file types); sizes and times are read for the returned page alone, so the first page of a
// 10,000-entry directory costs one readdir, one sort and `limit` lstats.
import type { Dirent } from 'node:fs';
import { openConfinedDirectory } from './confined-open';
import { readDirectory, statNames, typeOfDirent, typeOfStats } from './tree-walk';
import type { WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export type ListedType = 'file' | 'directory' | 'symlink';

export interface DirectoryEntry {
  name: string;
  /** Workspace path of the entry, as reached through the listed path. */
  path: string;
  type: ListedType;
  /** Bytes for files, the target's length for symlinks, 0 for directories. */
  size: number;
  modified_at: string;
}

export interface ListDirectoryOptions {
  /** Entries per page, 1..1000. Default 200. */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
}

export interface DirectoryPage {
  path: string;
  entries: DirectoryEntry[];
  /** Pass back to get the following page; null on the last page. */
  next_cursor: string | null;
  /** Entries in the directory (files, directories and symlinks; special files are not listed). */
  total: number;
}

export const MAX_LIST_LIMIT = 1000;

interface SortKey {
  rank: 0 | 1;
  folded: string;
  name: string;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.folded !== b.folded) return a.folded < b.folded ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.rank, key.name])).toString('base64url');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const [rank, name] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if ((rank === 0 || rank === 1) && typeof name === 'string') return { rank, folded: name.toLowerCase(), name };
  } catch {
    // fall through
  }
  throw new WorkspaceError('INVALID_ARGUMENT', 'Invalid cursor', { field: 'cursor' });
}

export async function listDirectory(
  ctx: WorkspaceContext,
  path: string,
  options: ListDirectoryOptions = {},
): Promise<DirectoryPage> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  const limit = options.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new WorkspaceError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${MAX_LIST_LIMIT}`, { field: 'limit' });
  }
  const after = options.cursor ? decodeCursor(options.cursor) : null;

  const dir = await openConfinedDirectory(ctx.layout.tree, segments, shown);
  try {
    const keyed: { key: SortKey; dirent: Dirent }[] = [];
    for (const dirent of await readDirectory(dir)) {
      const type = typeOfDirent(dirent);
      if (type === 'other') continue;
      keyed.push({ key: { rank: type === 'directory' ? 0 : 1, folded: dirent.name.toLowerCase(), name: dirent.name }, dirent });
    }
    keyed.sort((a, b) => compareKeys(a.key, b.key));
    const start = after ? keyed.findIndex((item) => compareKeys(item.key, after) > 0) : 0;
    const page = start < 0 ? [] : keyed.slice(start, start + limit);
    const stats = await statNames(
      dir,
      page.map((item) => item.dirent.name),
    );

    const entries: DirectoryEntry[] = [];
    for (const [index, item] of page.entries()) {
      const stat = stats[index];
      if (!stat) continue; // removed since readdir
      const type = typeOfStats(stat);
      if (type === 'other') continue;
      entries.push({
        name: item.dirent.name,
        path: shown === '' ? item.dirent.name : `${shown}/${item.dirent.name}`,
        type,
        size: type === 'directory' ? 0 : stat.size,
        modified_at: stat.mtime.toISOString(),
      });
    }
    const last = page[page.length - 1];
    const more = start >= 0 && start + limit < keyed.length;
    return { path: shown, entries, next_cursor: more && last ? encodeCursor(last.key) : null, total: keyed.length };
  } finally {
    await dir.close();
  }
}
