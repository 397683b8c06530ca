// Removes an entry and everything below it without following a symlink anywhere: children are
// reached through the descriptor of their opened parent, links are unlinked, never entered.
// Node's fs.rm re-walks by path, so a directory swapped for a link mid-removal would be followed.
//
// Descriptors stay bounded however deep the tree (a terminal can nest directories without
// limit): past SPILL_DEPTH levels a subdirectory is renamed up into the starting directory (a
// server directory such as meta/trash) and removed from there afterwards; directories are
// entered one at a time, only files are unlinked in parallel.
import { randomUUID } from 'node:crypto';
import { lstat, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt } from './confined-resolve';
import { readDirectory } from './tree-walk';

export interface RemovedTotals {
  /** Bytes of the regular files removed. */
  bytes: number;
  /** Entries removed (files, directories, links, others). */
  entries: number;
}

const PARALLEL = 32;
const ATTEMPTS = 5;
const SPILL_DEPTH = 64;

interface Spill {
  dir: FileHandle;
  names: string[];
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Removes `name` in the directory opened as `dir` (a server directory), recursively. Missing is not an error. */
export async function removeEntryAt(dir: FileHandle, name: string): Promise<RemovedTotals> {
  const totals: RemovedTotals = { bytes: 0, entries: 0 };
  const spill: Spill = { dir, names: [] };
  await removeBelow(dir, name, totals, 0, spill);
  for (let next = spill.names.pop(); next !== undefined; next = spill.names.pop()) await removeBelow(dir, next, totals, 0, spill);
  return totals;
}

async function removeBelow(dir: FileHandle, name: string, totals: RemovedTotals, depth: number, spill: Spill): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stat = await lstat(pathAt(dir, name)).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT') return null;
      throw error;
    });
    if (!stat) return;
    if (!stat.isDirectory()) {
      try {
        await unlink(pathAt(dir, name));
      } catch (error) {
        if (errnoOf(error) === 'ENOENT') return;
        if (errnoOf(error) === 'EISDIR' && attempt < ATTEMPTS) continue; // became a directory meanwhile
        throw error;
      }
      totals.entries += 1;
      if (stat.isFile()) totals.bytes += stat.size;
      return;
    }
    if (depth >= SPILL_DEPTH) {
      const spilled = `.removing-${randomUUID()}`;
      await rename(pathAt(dir, name), pathAt(spill.dir, spilled));
      spill.names.push(spilled);
      return;
    }
    let child: FileHandle;
    try {
      child = await openDirectoryAt(pathAt(dir, name));
    } catch (error) {
      if (attempt < ATTEMPTS && ['ELOOP', 'ENOTDIR', 'ENOENT'].includes(errnoOf(error) ?? '')) continue;
      throw error;
    }
    try {
      const dirents = await readDirectory(child);
      const others = dirents.filter((dirent) => !dirent.isDirectory()).map((dirent) => dirent.name);
      for (let start = 0; start < others.length; start += PARALLEL) {
        await Promise.all(
          others.slice(start, start + PARALLEL).map((other) => removeBelow(child, other, totals, depth + 1, spill)),
        );
      }
      for (const dirent of dirents) if (dirent.isDirectory()) await removeBelow(child, dirent.name, totals, depth + 1, spill);
    } finally {
      await child.close();
    }
    try {
      await rmdir(pathAt(dir, name));
      totals.entries += 1;
      return;
    } catch (error) {
      // Something was created inside meanwhile: go round again.
      if (errnoOf(error) === 'ENOTEMPTY' && attempt < ATTEMPTS) continue;
      if (errnoOf(error) === 'ENOENT') return;
      throw error;
    }
  }
}
