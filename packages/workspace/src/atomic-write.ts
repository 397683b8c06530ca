// Replaces a file in one step: the bytes go to a temporary file in meta/tmp (same file system,
// invisible to users and watchers), which is then renamed over the target. Readers see the old
// file or the new one, never half of it; a hard link to the old file keeps the old bytes.
import { randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pathAt } from './confined-resolve';
import { ownHandle, type TreeOwner } from './tree-owner';

const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW } = constants;

/** A new empty file in `tmpDir`, opened for writing; `path` is where it is. */
export async function createTemporaryFile(tmpDir: string, mode = 0o644): Promise<{ path: string; handle: FileHandle }> {
  const path = join(tmpDir, `${randomUUID()}.tmp`);
  const handle = await open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, mode);
  return { path, handle };
}

/** Writes `data` as `name` in the directory opened as `dir`, atomically; returns the new file's stat. */
export async function writeFileAtomically(
  tmpDir: string,
  dir: FileHandle,
  name: string,
  data: Uint8Array,
  options: { mode?: number; durable: boolean; owner?: TreeOwner | undefined },
): Promise<Stats> {
  const { path, handle } = await createTemporaryFile(tmpDir);
  let stat: Stats;
  try {
    try {
      await ownHandle(handle, options.owner);
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.writeFile(data);
      if (options.durable) await handle.datasync();
      stat = await handle.stat();
    } finally {
      await handle.close();
    }
    await rename(path, pathAt(dir, name));
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  return stat;
}
