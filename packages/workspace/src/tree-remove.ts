// Removes an entry and everything below it without following a symlink anywhere: children are
// reached through the descriptor of their opened parent, links are unlinked, never entered.
// Node's fs.rm re-walks by path, so a directory swapped for a link mid-removal would be followed.
import { lstat, rmdir, unlink, type FileHandle } from 'node:fs/promises';
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

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Removes `name` in the directory opened as `dir`, recursively. Missing is not an error. */
export async function removeEntryAt(dir: FileHandle, name: string): Promise<RemovedTotals> {
  const totals: RemovedTotals = { bytes: 0, entries: 0 };
  for (let attempt = 1; ; attempt++) {
    const stat = await lstat(pathAt(dir, name)).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT') return null;
      throw error;
    });
    if (!stat) return totals;
    if (!stat.isDirectory()) {
      try {
        await unlink(pathAt(dir, name));
      } catch (error) {
        if (errnoOf(error) === 'ENOENT') return totals;
        if (errnoOf(error) === 'EISDIR' && attempt < ATTEMPTS) continue; // became a directory meanwhile
        throw error;
      }
      totals.entries += 1;
      if (stat.isFile()) totals.bytes += stat.size;
      return totals;
    }
    let child: FileHandle;
    try {
      child = await openDirectoryAt(pathAt(dir, name));
    } catch (error) {
      if (attempt < ATTEMPTS && ['ELOOP', 'ENOTDIR', 'ENOENT'].includes(errnoOf(error) ?? '')) continue;
      throw error;
    }
    try {
      const names = (await readDirectory(child)).map((dirent) => dirent.name);
      for (let start = 0; start < names.length; start += PARALLEL) {
        const removed = await Promise.all(names.slice(start, start + PARALLEL).map((childName) => removeEntryAt(child, childName)));
        for (const part of removed) {
          totals.bytes += part.bytes;
          totals.entries += part.entries;
        }
      }
    } finally {
      await child.close();
    }
    try {
      await rmdir(pathAt(dir, name));
      totals.entries += 1;
      return totals;
    } catch (error) {
      // Something was created inside meanwhile: go round again.
      if (errnoOf(error) === 'ENOTEMPTY' && attempt < ATTEMPTS) continue;
      if (errnoOf(error) === 'ENOENT') return totals;
      throw error;
    }
  }
}
