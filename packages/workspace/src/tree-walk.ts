// Walks a directory tree below an opened directory, never through a symlink: each subdirectory
// is opened with O_NOFOLLOW relative to its parent's descriptor, so a directory swapped for a
// symlink mid-walk is skipped rather than followed out. Pre-order: a directory comes before its
// contents. Directories deeper than MAX_PATH_DEPTH are listed but not entered: the walk holds
// one descriptor per level, and a terminal can nest directories without limit.
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt } from './confined-resolve';
import { MAX_PATH_DEPTH } from './workspace-path';

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface WalkEntry {
  /** Path relative to where the walk started ("a/b.txt"). */
  path: string;
  name: string;
  type: EntryType;
  /** The directory holding the entry; open until the walk moves past the entry. */
  dir: FileHandle;
  /** lstat of the entry, when the walk was asked for stats. */
  stat?: Stats;
}

export interface WalkOptions {
  /** lstat every entry (in parallel per directory). */
  stat?: boolean;
  /** Whether to descend into a directory entry (it is yielded either way). */
  descend?: (entry: WalkEntry) => boolean;
}

const STAT_BATCH = 64;

export function typeOfStats(stat: Stats): EntryType {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  if (stat.isSymbolicLink()) return 'symlink';
  return 'other';
}

export function typeOfDirent(dirent: Dirent): EntryType {
  if (dirent.isFile()) return 'file';
  if (dirent.isDirectory()) return 'directory';
  if (dirent.isSymbolicLink()) return 'symlink';
  return 'other';
}

/** lstat of each name in `dir`; null for names gone meanwhile. */
export async function statNames(dir: FileHandle, names: readonly string[]): Promise<(Stats | null)[]> {
  const stats: (Stats | null)[] = [];
  for (let start = 0; start < names.length; start += STAT_BATCH) {
    const batch = names.slice(start, start + STAT_BATCH);
    stats.push(...(await Promise.all(batch.map((name) => lstat(pathAt(dir, name)).catch(() => null)))));
  }
  return stats;
}

/** The entries of the directory opened as `dir`; [] when it vanished meanwhile. */
export async function readDirectory(dir: FileHandle): Promise<Dirent[]> {
  try {
    return await readdir(pathAt(dir), { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

interface Level {
  dir: FileHandle;
  prefix: string;
  dirents: Dirent[];
  stats: (Stats | null)[] | undefined;
  next: number;
}

async function openLevel(dir: FileHandle, prefix: string, options: WalkOptions): Promise<Level> {
  const dirents = await readDirectory(dir);
  const stats = options.stat
    ? await statNames(
        dir,
        dirents.map((dirent) => dirent.name),
      )
    : undefined;
  return { dir, prefix, dirents, stats, next: 0 };
}

// One generator with an explicit stack: nested `yield*` generators cost a hop per level per entry.
export async function* walkTree(dir: FileHandle, options: WalkOptions = {}, prefix = ''): AsyncGenerator<WalkEntry> {
  const stack: Level[] = [await openLevel(dir, prefix, options)];
  try {
    while (stack.length > 0) {
      const level = stack[stack.length - 1]!;
      if (level.next >= level.dirents.length) {
        stack.pop();
        if (level.dir !== dir) await level.dir.close();
        continue;
      }
      const index = level.next++;
      const dirent = level.dirents[index]!;
      const stat = level.stats?.[index];
      if (stat === null) continue;
      const entry: WalkEntry = {
        path: level.prefix === '' ? dirent.name : `${level.prefix}/${dirent.name}`,
        name: dirent.name,
        type: stat ? typeOfStats(stat) : typeOfDirent(dirent),
        dir: level.dir,
        ...(stat ? { stat } : {}),
      };
      yield entry;
      if (entry.type !== 'directory' || stack.length >= MAX_PATH_DEPTH || options.descend?.(entry) === false) continue;
      let child: FileHandle;
      try {
        child = await openDirectoryAt(pathAt(level.dir, dirent.name));
      } catch {
        continue; // replaced by a symlink or removed since it was listed
      }
      try {
        stack.push(await openLevel(child, entry.path, options));
      } catch (error) {
        await child.close();
        throw error;
      }
    }
  } finally {
    for (const level of stack) if (level.dir !== dir) await level.dir.close();
  }
}
