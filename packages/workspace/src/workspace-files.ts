// One workspace's files: the handle the API layer gets for a (tenant, workspace) pair, with every
// operation confined to that workspace's tree. Cheap to create per request. Every method fails
// with a WorkspaceError only (`guarded`), never a raw Node error naming a server path.
import type { Readable } from 'node:stream';
import { searchContents, type SearchOptions, type SearchResult } from './content-search';
import { WorkspaceCheckpoints } from './workspace-checkpoints';
import { copyEntry, type CopyEntryResult } from './copy-entry';
import { deleteEntry, type DeleteEntryResult } from './delete-entry';
import { findFiles, type FileListCache, type FindOptions, type FindResult } from './file-find';
import { downloadFolder, type DownloadOptions, type FolderDownload } from './folder-download';
import { listDirectory, type DirectoryPage, type ListDirectoryOptions, type SortedListingCache } from './list-directory';
import { makeDirectory, type MakeDirectoryResult } from './make-directory';
import { moveEntry, type MoveEntryResult } from './move-entry';
import { openFileStream, readFile, type FileStreamResult, type ReadFileResult } from './read-file';
import { statEntry, type EntryInfo } from './stat-entry';
import type { WatchEvent } from './tree-watcher';
import {
  extractArchive,
  uploadFiles,
  type ArchiveFormat,
  type UploadFile,
  type UploadOptions,
  type UploadResult,
} from './upload';
import { loadUsage, type UsageRecord } from './usage-record';
import type { WatchHub, WatchOptions, WatchSubscription } from './watch-hub';
import type { WorkspaceContext } from './workspace-context';
import type { WorkspaceRef } from './workspace-layout';
import { guarded } from './workspace-error';
import { withWorkspaceLock } from './workspace-lock';
import { writeFile, type WriteFileOptions, type WriteFileResult } from './write-file';

export class WorkspaceFiles {
  constructor(
    private readonly ctx: WorkspaceContext,
    private readonly shared: { fileLists: FileListCache; listings: SortedListingCache; watchers: WatchHub },
  ) {}

  get ref(): WorkspaceRef {
    return this.ctx.layout.ref;
  }

  /** The tree's directory on the host, for what runs inside it (a sandboxed terminal). */
  get treePath(): string {
    return this.ctx.layout.tree;
  }

  /** What a path is: type, size, time, and where it leads after symlinks inside the tree. */
  stat(path: string): Promise<EntryInfo> {
    return guarded(statEntry(this.ctx, path));
  }

  /** One page of a directory ("" is the root). */
  list(path: string, options?: ListDirectoryOptions): Promise<DirectoryPage> {
    return guarded(listDirectory(this.ctx, path, options, this.shared.listings));
  }

  /** A whole file with its etag; PAYLOAD_TOO_LARGE past `maxBytes` (default: the root's maxReadBytes). */
  read(path: string, options?: { maxBytes?: number }): Promise<ReadFileResult> {
    return guarded(readFile(this.ctx, path, options));
  }

  /** A file as a stream, for raw downloads. Consume or destroy the stream: it holds the file open. */
  readStream(path: string): Promise<FileStreamResult> {
    return guarded(openFileStream(this.ctx, path));
  }

  /** Creates or replaces a file atomically; CONFLICT when `expectedEtag` no longer matches. */
  write(path: string, content: string | Uint8Array, options?: WriteFileOptions): Promise<WriteFileResult> {
    return guarded(writeFile(this.ctx, path, content, options));
  }

  /** Creates a directory and its missing parents. */
  mkdir(path: string): Promise<MakeDirectoryResult> {
    return guarded(makeDirectory(this.ctx, path));
  }

  move(from: string, to: string, options?: { overwrite?: boolean }): Promise<MoveEntryResult> {
    return guarded(moveEntry(this.ctx, from, to, options));
  }

  copy(from: string, to: string, options?: { overwrite?: boolean }): Promise<CopyEntryResult> {
    return guarded(copyEntry(this.ctx, from, to, options));
  }

  /** Deletes a file or symlink; a directory only when empty or with `recursive`. */
  delete(path: string, options?: { recursive?: boolean }): Promise<DeleteEntryResult> {
    return guarded(deleteEntry(this.ctx, path, options));
  }

  /** Searches file contents with ripgrep. */
  search(options: SearchOptions): Promise<SearchResult> {
    return guarded(searchContents(this.ctx, options));
  }

  /** Files whose path fuzzily matches `query`, best first (quick open). */
  find(query: string, options?: FindOptions): Promise<FindResult> {
    return guarded(findFiles(this.ctx, this.shared.fileLists, query, options));
  }

  /** Uploads files into directory `dir` (created if missing). */
  upload(dir: string, files: Iterable<UploadFile> | AsyncIterable<UploadFile>, options?: UploadOptions): Promise<UploadResult> {
    return guarded(uploadFiles(this.ctx, dir, files, options));
  }

  /** Extracts a .zip, .tar or .tar.gz streamed from `source` into directory `dir` (created if missing). */
  extractArchive(dir: string, source: Readable, format: ArchiveFormat, options?: UploadOptions): Promise<UploadResult> {
    return guarded(extractArchive(this.ctx, dir, source, format, options));
  }

  /** A directory as a streamed .zip; PAYLOAD_TOO_LARGE when its files hold more than `maxBytes`. */
  downloadFolder(path: string, options?: DownloadOptions): Promise<FolderDownload> {
    return guarded(downloadFolder(this.ctx, path, options));
  }

  /** Reports changes to the tree, by anyone, in debounced batches. */
  watch(onEvents: (events: WatchEvent[]) => void, options?: WatchOptions): WatchSubscription {
    return this.shared.watchers.subscribe(this.ctx.layout.dir, this.ctx.layout.tree, onEvents, options);
  }

  /** The tree's checkpoints (a shadow git repository beside it). */
  checkpoints(): WorkspaceCheckpoints {
    return new WorkspaceCheckpoints(this.ctx);
  }

  /** Current usage of the tree, rescanned first when the record is older than usageMaxAgeMs. */
  async usage(): Promise<UsageRecord> {
    const { layout, settings } = this.ctx;
    return guarded(
      withWorkspaceLock(layout.lockFile, { timeoutMs: settings.lockTimeoutMs, staleMs: settings.lockStaleMs }, async () => {
        return (await loadUsage(layout, settings.usageMaxAgeMs)).record;
      }),
    );
  }
}
