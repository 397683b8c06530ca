// A directory as a streamed .zip: entries are added one at a time as the consumer reads, so a
// large folder costs one open file and bounded memory. Symlinks are stored as links (their
// target text, never followed); FIFOs, sockets and devices are skipped. Serve it with
// Content-Disposition: attachment.
import { constants } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { openConfinedDirectory } from './confined-open';
import { pathAt } from './confined-resolve';
import { measureTree } from './tree-copy';
import { walkTree, type WalkEntry } from './tree-walk';
import type { WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = constants;
const SYMLINK_MODE = 0o120777;

export interface FolderDownload {
  path: string;
  /** A suggested file name: the folder's name (the workspace id for the root) plus ".zip". */
  file_name: string;
  /** The zip's bytes. Consume or destroy it: it holds the folder open until it ends. */
  stream: Readable;
}

async function openRegular(entry: WalkEntry): Promise<FileHandle | null> {
  const handle = await open(pathAt(entry.dir, entry.name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY).catch(() => null);
  if (!handle) return null;
  if ((await handle.stat()).isFile()) return handle;
  await handle.close();
  return null;
}

async function addEntries(
  dir: FileHandle,
  zip: yazl.ZipFile,
  output: Readable,
  budget: { left: number; max: number },
): Promise<void> {
  for await (const entry of walkTree(dir, { stat: true })) {
    if (output.destroyed) return;
    const { stat } = entry;
    if (!stat) continue;
    if (entry.type === 'directory') {
      zip.addEmptyDirectory(entry.path, { mtime: stat.mtime, mode: stat.mode & 0o777 });
    } else if (entry.type === 'symlink') {
      const target = await readlink(pathAt(entry.dir, entry.name)).catch(() => null);
      if (target !== null)
        zip.addBuffer(Buffer.from(target), entry.path, { mtime: stat.mtime, mode: SYMLINK_MODE, compress: false });
    } else if (entry.type === 'file') {
      const handle = await openRegular(entry);
      if (!handle) continue;
      const size = (await handle.stat()).size;
      // Files that grew since the folder was measured: stop rather than send more than the limit.
      budget.left -= size;
      if (budget.left < 0) {
        await handle.close();
        throw tooLarge(entry.path, budget);
      }
      const input = handle.createReadStream({ autoClose: true });
      zip.addReadStream(input, entry.path, { mtime: stat.mtime, mode: stat.mode & 0o777, size });
      // One file at a time: wait until the zip has consumed this one (or the consumer gave up).
      await new Promise<void>((resolve) => {
        const done = () => {
          output.off('close', giveUp);
          resolve();
        };
        const giveUp = () => {
          input.destroy();
          done();
        };
        input.once('close', done);
        output.once('close', giveUp);
      });
    }
  }
}

function tooLarge(shown: string, limit: { max: number }): WorkspaceError {
  return new WorkspaceError(
    'PAYLOAD_TOO_LARGE',
    `Too large to download as one archive: ${shown || 'the workspace'} (limit ${limit.max} bytes of files)`,
    { path: shown, max: limit.max },
  );
}

export interface DownloadOptions {
  /** Bytes of files the archive may hold; a larger folder is refused before anything is sent. */
  maxBytes?: number;
}

export async function downloadFolder(
  ctx: WorkspaceContext,
  path: string,
  options: DownloadOptions = {},
): Promise<FolderDownload> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  const dir = await openConfinedDirectory(ctx.layout.tree, segments, shown);
  const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (Number.isFinite(max)) {
    try {
      const totals = await measureTree(dir);
      if (totals.bytes > max) throw tooLarge(shown, { max });
    } catch (error) {
      await dir.close();
      throw error;
    }
  }
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as unknown as Readable;
  void addEntries(dir, zip, output, { left: max, max })
    .then(() => zip.end())
    .catch((error: unknown) =>
      output.destroy(
        error instanceof WorkspaceError
          ? error
          : new WorkspaceError('IO_ERROR', `Download of ${shown || 'the workspace'} failed`, { path: shown }, { cause: error }),
      ),
    )
    .finally(() => dir.close());
  const name = segments[segments.length - 1] ?? ctx.layout.ref.workspaceId;
  return { path: shown, file_name: `${name}.zip`, stream: output };
}
