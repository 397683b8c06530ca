// @coditect/workspace: the on-disk file tree of each workspace session, confined to it.
export * from './workspace-error';
export { openWorkspaceRoot, WorkspaceRoot } from './workspace-root';
export { WorkspaceFiles } from './workspace-files';
export {
  CHECKPOINT_EXCLUDES,
  WorkspaceCheckpoints,
  type CheckpointDiff,
  type CheckpointFileChange,
} from './workspace-checkpoints';
export type { WorkspaceRef } from './workspace-layout';
export type { WorkspaceCreated, WorkspaceRemoved } from './workspace-lifecycle';
export {
  DEFAULT_QUOTAS,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
  type WorkspaceQuotas,
  type WorkspaceRootOptions,
} from './workspace-options';
export { MAX_PATH_BYTES, MAX_SEGMENT_BYTES, normalizeWorkspacePath, parseWorkspacePath } from './workspace-path';
export { contentTypeFor } from './content-type';
export { detectRipgrep, type RipgrepStatus } from './ripgrep-probe';
export { fuzzyMatch, type FuzzyMatch } from './fuzzy-score';
export type { EntryInfo } from './stat-entry';
export type { DirectoryEntry, DirectoryPage, ListDirectoryOptions, ListedType } from './list-directory';
export type { ReadFileResult, FileStreamResult } from './read-file';
export type { WriteFileOptions, WriteFileResult } from './write-file';
export type { MakeDirectoryResult } from './make-directory';
export type { MoveEntryResult } from './move-entry';
export type { CopyEntryResult } from './copy-entry';
export type { DeleteEntryResult } from './delete-entry';
export type { SearchMatch, SearchOptions, SearchResult } from './content-search';
export type { FindOptions, FindResult, FoundFile } from './file-find';
export type { ArchiveFormat, UploadFile, UploadOptions, UploadResult } from './upload';
export type { UploadContent } from './staging-area';
export type { DownloadOptions, FolderDownload } from './folder-download';
export type { WatchEvent, WatchEventKind } from './tree-watcher';
export type { WatchOptions, WatchSubscription } from './watch-hub';
export type { UsageRecord, WorkspaceUsage } from './usage-record';
export type { EntryType } from './tree-walk';
export type { TreeOwner } from './tree-owner';
