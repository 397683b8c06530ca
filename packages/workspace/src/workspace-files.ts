// One workspace's files: the handle the API layer gets for a (tenant, workspace) pair, with every
// operation confined to that workspace's tree. Cheap to create per request.
import { copyEntry, type CopyEntryResult } from './copy-entry';
import { deleteEntry, type DeleteEntryResult } from './delete-entry';
import { listDirectory, type DirectoryPage, type ListDirectoryOptions } from './list-directory';
import { makeDirectory, type MakeDirectoryResult } from './make-directory';
import { moveEntry, type MoveEntryResult } from './move-entry';
import { openFileStream, readFile, type FileStreamResult, type ReadFileResult } from './read-file';
import { loadUsage, type UsageRecord } from './usage-record';
import type { WorkspaceContext } from './workspace-context';
import type { WorkspaceRef } from './workspace-layout';
import { withWorkspaceLock } from './workspace-lock';
import { writeFile, type WriteFileOptions, type WriteFileResult } from './write-file';

export class WorkspaceFiles {
  constructor(private readonly ctx: WorkspaceContext) {}

  get ref(): WorkspaceRef {
    return this.ctx.layout.ref;
  }

  /** One page of a directory ("" is the root). */
  list(path: string, options?: ListDirectoryOptions): Promise<DirectoryPage> {
    return listDirectory(this.ctx, path, options);
  }

  /** A whole file with its etag; PAYLOAD_TOO_LARGE past `maxBytes` (default: the root's maxReadBytes). */
  read(path: string, options?: { maxBytes?: number }): Promise<ReadFileResult> {
    return readFile(this.ctx, path, options);
  }

  /** A file as a stream, for raw downloads. Consume or destroy the stream: it holds the file open. */
  readStream(path: string): Promise<FileStreamResult> {
    return openFileStream(this.ctx, path);
  }

  /** Creates or replaces a file atomically; CONFLICT when `expectedEtag` no longer matches. */
  write(path: string, content: string | Uint8Array, options?: WriteFileOptions): Promise<WriteFileResult> {
    return writeFile(this.ctx, path, content, options);
  }

  /** Creates a directory and its missing parents. */
  mkdir(path: string): Promise<MakeDirectoryResult> {
    return makeDirectory(this.ctx, path);
  }

  move(from: string, to: string, options?: { overwrite?: boolean }): Promise<MoveEntryResult> {
    return moveEntry(this.ctx, from, to, options);
  }

  copy(from: string, to: string, options?: { overwrite?: boolean }): Promise<CopyEntryResult> {
    return copyEntry(this.ctx, from, to, options);
  }

  /** Deletes a file or symlink; a directory only when empty or with `recursive`. */
  delete(path: string, options?: { recursive?: boolean }): Promise<DeleteEntryResult> {
    return deleteEntry(this.ctx, path, options);
  }

  /** Current usage of the tree, rescanned first when the record is older than usageMaxAgeMs. */
  async usage(): Promise<UsageRecord> {
    const { layout, settings } = this.ctx;
    return withWorkspaceLock(layout.lockFile, { timeoutMs: settings.lockTimeoutMs, staleMs: settings.lockStaleMs }, async () => {
      return (await loadUsage(layout, settings.usageMaxAgeMs)).record;
    });
  }
}
