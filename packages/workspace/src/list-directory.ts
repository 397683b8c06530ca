// One page of a directory listing: directories first, then by name (case-insensitively, exact
// spelling breaking ties). Only names and types are read for the whole directory (readdir with
// file types); sizes and times are read for the returned page alone, so the first page of a
// 10,000-entry directory costs one readdir, one sort and `limit` lstats. The sorted names are
// kept (SortedListingCache) while the directory's mtime and ctime stay the same, so listing it
// again — the next page, a refresh — costs one fstat and the page's lstats.
import type { FileHandle } from 'node:fs/promises';
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

interface SortedListing {
  mtimeNs: bigint;
  ctimeNs: bigint;
  keys: SortKey[];
}

/** A listing is kept only if the directory last changed this long before it was read. */
const SETTLED_NS = 1_000_000_000n;

/**
 * Sorted names of recently listed directories, by device and inode, least recently used dropped
 * first, bounded by names held in total. A directory's mtime changes with every entry added,
 * removed or renamed in it, so an unchanged mtime (and ctime) means an unchanged listing — provided
 * the directory had settled when it was read: file times tick coarsely (milliseconds), and a
 * change in the same tick as the read would leave the mtime as it was. Like git's "racily clean"
 * rule, a listing of a directory changed less than a second before is not kept.
 */
export class SortedListingCache {
  private readonly listings = new Map<string, SortedListing>();
  private held = 0;
  constructor(private readonly maxNames = 200_000) {}

  get(key: string, mtimeNs: bigint, ctimeNs: bigint): SortKey[] | undefined {
    const listing = this.listings.get(key);
    if (!listing) return undefined;
    this.listings.delete(key);
    if (listing.mtimeNs !== mtimeNs || listing.ctimeNs !== ctimeNs) {
      this.held -= listing.keys.length;
      return undefined;
    }
    this.listings.set(key, listing);
    return listing.keys;
  }

  set(key: string, listing: SortedListing, nowNs: bigint): void {
    if (nowNs - listing.mtimeNs < SETTLED_NS || nowNs - listing.ctimeNs < SETTLED_NS) return;
    if (listing.keys.length > this.maxNames) return;
    const previous = this.listings.get(key);
    if (previous) this.held -= previous.keys.length;
    this.listings.delete(key);
    this.listings.set(key, listing);
    this.held += listing.keys.length;
    for (const [oldest, dropped] of this.listings) {
      if (this.held <= this.maxNames) break;
      this.listings.delete(oldest);
      this.held -= dropped.keys.length;
    }
  }
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
  cache?: SortedListingCache,
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
    const keyed = await sortedKeys(dir, cache);
    const start = after ? keyed.findIndex((key) => compareKeys(key, after) > 0) : 0;
    const page = start < 0 ? [] : keyed.slice(start, start + limit);
    const stats = await statNames(
      dir,
      page.map((key) => key.name),
    );

    const entries: DirectoryEntry[] = [];
    for (const [index, key] of page.entries()) {
      const stat = stats[index];
      if (!stat) continue; // removed since readdir
      const type = typeOfStats(stat);
      if (type === 'other') continue;
      entries.push({
        name: key.name,
        path: shown === '' ? key.name : `${shown}/${key.name}`,
        type,
        size: type === 'directory' ? 0 : stat.size,
        modified_at: stat.mtime.toISOString(),
      });
    }
    const last = page[page.length - 1];
    const more = start >= 0 && start + limit < keyed.length;
    return { path: shown, entries, next_cursor: more && last ? encodeCursor(last) : null, total: keyed.length };
  } finally {
    await dir.close();
  }
}

/** The directory's entries (special files left out) in listing order, from the cache when unchanged. */
async function sortedKeys(dir: FileHandle, cache: SortedListingCache | undefined): Promise<SortKey[]> {
  const stat = cache ? await dir.stat({ bigint: true }) : undefined;
  const cacheKey = stat ? `${stat.dev}:${stat.ino}` : '';
  const cached = stat ? cache!.get(cacheKey, stat.mtimeNs, stat.ctimeNs) : undefined;
  if (cached) return cached;
  const keys: SortKey[] = [];
  for (const dirent of await readDirectory(dir)) {
    const type = typeOfDirent(dirent);
    if (type === 'other') continue;
    keys.push({ rank: type === 'directory' ? 0 : 1, folded: dirent.name.toLowerCase(), name: dirent.name });
  }
  keys.sort(compareKeys);
  if (stat) cache!.set(cacheKey, { mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs, keys }, BigInt(Date.now()) * 1_000_000n);
  return keys;
}
