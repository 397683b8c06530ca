// Copies an entry and everything below it between opened directories, preserving symlinks as
// symlinks (with the same target text, never followed) and modes and times; FIFOs, sockets and
// devices are skipped, and so is anything deeper than MAX_PATH_DEPTH (two descriptors are held
// per level). Used by copy (within a workspace) and fork (into a new workspace).
import { constants, type Stats } from 'node:fs';
import { copyFile, lstat, lutimes, mkdir, open, readlink, symlink, utimes, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt } from './confined-resolve';
import { readDirectory, walkTree } from './tree-walk';
import { ownHandle, ownPath, type TreeOwner } from './tree-owner';
import { MAX_PATH_DEPTH } from './workspace-path';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = constants;

export interface TreeTotals {
  /** Bytes of regular files. */
  bytes: number;
  /** Names: files, directories, symlinks (and special files, when measuring). */
  entries: number;
  /** The largest regular file. */
  largestFile: number;
}

function addStats(totals: TreeTotals, stat: Stats): void {
  totals.entries += 1;
  if (stat.isFile()) {
    totals.bytes += stat.size;
    totals.largestFile = Math.max(totals.largestFile, stat.size);
  }
}

/** What `name` in `dir` holds (itself included); zeros when it does not exist. */
export async function measureEntryAt(dir: FileHandle, name: string): Promise<TreeTotals> {
  const totals: TreeTotals = { bytes: 0, entries: 0, largestFile: 0 };
  const stat = await lstat(pathAt(dir, name)).catch(() => null);
  if (!stat) return totals;
  addStats(totals, stat);
  if (!stat.isDirectory()) return totals;
  const child = await openDirectoryAt(pathAt(dir, name)).catch(() => null);
  if (!child) return totals;
  try {
    for await (const entry of walkTree(child, { stat: true })) addStats(totals, entry.stat!);
  } finally {
    await child.close();
  }
  return totals;
}

/** Everything below the directory opened as `dir` (not itself). */
export async function measureTree(dir: FileHandle): Promise<TreeTotals> {
  const totals: TreeTotals = { bytes: 0, entries: 0, largestFile: 0 };
  for await (const entry of walkTree(dir, { stat: true })) addStats(totals, entry.stat!);
  return totals;
}

/**
 * Copies `srcName` in `srcDir` to `dstName` in `dstDir`, which must not exist. Returns what was
 * copied (skipped special files and entries that vanished meanwhile are not counted). What it
 * creates is given to `owner`.
 */
export async function copyEntryAt(
  srcDir: FileHandle,
  srcName: string,
  dstDir: FileHandle,
  dstName: string,
  owner?: TreeOwner,
): Promise<TreeTotals> {
  const totals: TreeTotals = { bytes: 0, entries: 0, largestFile: 0 };
  await copyInto(srcDir, srcName, dstDir, dstName, totals, 0, owner);
  return totals;
}

/** Copies the contents of directory `src` into the existing directory `dst`. */
export async function copyDirectoryContents(src: FileHandle, dst: FileHandle, owner?: TreeOwner): Promise<TreeTotals> {
  const totals: TreeTotals = { bytes: 0, entries: 0, largestFile: 0 };
  for (const dirent of await readDirectory(src)) await copyInto(src, dirent.name, dst, dirent.name, totals, 1, owner);
  return totals;
}

async function copyInto(
  srcDir: FileHandle,
  srcName: string,
  dstDir: FileHandle,
  dstName: string,
  totals: TreeTotals,
  depth: number,
  owner: TreeOwner | undefined,
): Promise<void> {
  const stat = await lstat(pathAt(srcDir, srcName)).catch(() => null);
  if (!stat) return;
  const target = pathAt(dstDir, dstName);
  if (stat.isFile()) {
    let source: FileHandle;
    try {
      source = await open(pathAt(srcDir, srcName), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    } catch {
      return; // replaced by a link or removed since its lstat
    }
    try {
      const opened = await source.stat();
      if (!opened.isFile()) return;
      // The source is named through its own descriptor, so what gets copied is what was opened.
      await copyFile(pathAt(source), target, constants.COPYFILE_EXCL);
      await ownPath(target, owner);
      await utimes(target, opened.atime, opened.mtime);
      addStats(totals, opened);
    } finally {
      await source.close();
    }
  } else if (stat.isSymbolicLink()) {
    await symlink(await readlink(pathAt(srcDir, srcName)), target);
    await ownPath(target, owner);
    await lutimes(target, stat.atime, stat.mtime);
    addStats(totals, stat);
  } else if (stat.isDirectory() && depth < MAX_PATH_DEPTH) {
    const source = await openDirectoryAt(pathAt(srcDir, srcName)).catch(() => null);
    if (!source) return;
    try {
      // Owner-writable while filling it; the source's mode once full (it may be read-only).
      await mkdir(target, 0o700);
      addStats(totals, stat);
      const copy = await openDirectoryAt(target);
      try {
        await ownHandle(copy, owner);
        for (const dirent of await readDirectory(source))
          await copyInto(source, dirent.name, copy, dirent.name, totals, depth + 1, owner);
        await copy.chmod(stat.mode & 0o777);
        await copy.utimes(stat.atime, stat.mtime);
      } finally {
        await copy.close();
      }
    } finally {
      await source.close();
    }
  }
}
