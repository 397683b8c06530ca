// Opening what a resolution names: regular files for reading (never a FIFO, device or socket:
// refused from lstat before any open, and the open itself is O_NOFOLLOW | O_NONBLOCK so a FIFO
// swapped in meanwhile cannot hang it), and missing parent directories for writing.
import { constants, type Stats } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt, resolveConfined, type Resolution } from './confined-resolve';
import { ownHandle, type TreeOwner } from './tree-owner';
import { WorkspaceError, fromFsError } from './workspace-error';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = constants;

/** Throws unless the resolution names an existing regular file. */
export function assertRegularFile(resolution: Resolution, shownPath: string): void {
  const { stat } = resolution;
  if (!stat) throw new WorkspaceError('NOT_FOUND', `Not found: ${shownPath}`, { path: shownPath });
  if (resolution.name === null || stat.isDirectory())
    throw new WorkspaceError('IS_A_DIRECTORY', `Is a directory: ${shownPath || 'the workspace root'}`, { path: shownPath });
  if (!stat.isFile()) throw new WorkspaceError('UNSUPPORTED_FILE_TYPE', `Not a regular file: ${shownPath}`, { path: shownPath });
}

/** Opens the regular file `resolution` names; its fstat is checked again after the open. */
export async function openResolvedFile(resolution: Resolution, shownPath: string): Promise<{ handle: FileHandle; stat: Stats }> {
  assertRegularFile(resolution, shownPath);
  let handle: FileHandle;
  try {
    handle = await open(pathAt(resolution.parent, resolution.name!), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  } catch (error) {
    throw fromFsError(error, shownPath);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new WorkspaceError('UNSUPPORTED_FILE_TYPE', `Not a regular file: ${shownPath}`, { path: shownPath });
  }
  return { handle, stat };
}

/** Resolves (following symlinks inside the tree) and opens a regular file for reading. */
export async function openFileForReading(
  treePath: string,
  segments: string[],
  shownPath: string,
): Promise<{ handle: FileHandle; stat: Stats }> {
  const resolution = await resolveConfined(treePath, segments, shownPath, { followFinal: true });
  try {
    return await openResolvedFile(resolution, shownPath);
  } finally {
    await resolution.parent.close();
  }
}

/** Resolves (following symlinks inside the tree) and opens a directory; NOT_FOUND or NOT_A_DIRECTORY otherwise. */
export async function openConfinedDirectory(treePath: string, segments: string[], shownPath: string): Promise<FileHandle> {
  const resolution = await resolveConfined(treePath, segments, shownPath, { followFinal: true });
  // A target with no name is the opened directory itself: that handle is handed over.
  const isParent = resolution.name === null;
  try {
    if (isParent) return resolution.parent;
    if (!resolution.stat) throw new WorkspaceError('NOT_FOUND', `Not found: ${shownPath}`, { path: shownPath });
    if (!resolution.stat.isDirectory())
      throw new WorkspaceError('NOT_A_DIRECTORY', `Not a directory: ${shownPath}`, { path: shownPath });
    return await openDirectoryAt(pathAt(resolution.parent, resolution.name!));
  } catch (error) {
    throw fromFsError(error, shownPath);
  } finally {
    if (!isParent) await resolution.parent.close();
  }
}

/** Reads an opened file to its end, refusing with PAYLOAD_TOO_LARGE past `maxBytes`. */
export async function readToEnd(handle: FileHandle, sizeHint: number, maxBytes: number, shownPath: string): Promise<Buffer> {
  const tooLarge = () =>
    new WorkspaceError('PAYLOAD_TOO_LARGE', `File too large to read at once: ${shownPath} (limit ${maxBytes} bytes)`, {
      path: shownPath,
      max: maxBytes,
    });
  if (sizeHint > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  // One byte more than expected, to notice a file that grew since its stat.
  let chunkSize = Math.max(sizeHint + 1, 1);
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw tooLarge();
    chunks.push(buffer.subarray(0, bytesRead));
    chunkSize = 64 * 1024;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/**
 * Creates `missing` directories one below the other under `parent` and returns the deepest
 * (`parent` itself when none are missing; close any other handle returned). Each directory this
 * creates is given to `owner`.
 */
export async function createDirectories(
  parent: FileHandle,
  missing: readonly string[],
  shownPath: string,
  owner?: TreeOwner,
): Promise<FileHandle> {
  let current = parent;
  try {
    for (const name of missing) {
      const created = await mkdir(pathAt(current, name), 0o755).then(
        () => true,
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          return false;
        },
      );
      const next = await openDirectoryAt(pathAt(current, name));
      if (current !== parent) await current.close();
      current = next;
      if (created) await ownHandle(current, owner);
    }
    return current;
  } catch (error) {
    if (current !== parent) await current.close();
    throw fromFsError(error, shownPath);
  }
}
