// What the IDE needs from the server's files API (`files.*`), for one workspace session. Every
// component reaches files through this interface only: server-workspace-files.ts implements it over
// the API, memory-workspace-files.ts in memory for the unit tests. Paths are workspace-relative with `/`
// separators, one spelling per file (`src/app.ts`); `''` is the root.
import type { ApiErrorCode } from '../api/api-error';

export type EntryType = 'file' | 'directory' | 'symlink';

export interface DirectoryEntry {
  name: string;
  type: EntryType;
  /** Bytes for files, 0 for directories. */
  size: number;
  modified_at: string;
}

export interface DirectoryPage {
  entries: DirectoryEntry[];
  /** Pass back to `list` for the next page; null on the last one. */
  next_cursor: string | null;
}

export interface FileContent {
  path: string;
  /** UTF-8 text, or base64 for a file that is not valid UTF-8 (shown as binary, never edited). */
  content: string;
  encoding: 'utf-8' | 'base64';
  size: number;
  etag: string;
  modified_at: string;
}

/** A write either lands, or finds the file changed since `expectedEtag` and changes nothing. */
export type WriteResult = { status: 'written'; etag: string } | { status: 'conflict'; current_etag: string };

export interface WriteOptions {
  /** Create a new file: refused with ALREADY_EXISTS when something is there. */
  onlyIfMissing?: boolean;
}

export interface SearchQuery {
  q: string;
  regex?: boolean;
  /** Case-sensitive. */
  case?: boolean;
  /** Only files whose path matches this glob (`*.ts`, `src/**`). */
  glob?: string;
}

export interface SearchMatch {
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as the editor counts). */
  column: number;
  /** The matching line (cut around the match when long). */
  preview: string;
}

export interface SearchResults {
  matches: SearchMatch[];
  /** More matches exist than were returned. */
  truncated: boolean;
}

export interface WatchEvent {
  kind: 'created' | 'changed' | 'deleted';
  path: string;
}

/** Why a call failed: the API's error code (or NETWORK_ERROR); describeFilesError words it for people. */
export type FilesErrorCode = ApiErrorCode;

export class FilesError extends Error {
  constructor(
    readonly code: FilesErrorCode,
    /** The server's sentence (it names workspace paths only). */
    message: string,
    /** The API's details (a conflict's current etag, a quota's figures). */
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'FilesError';
  }
}

export interface WorkspaceFiles {
  /** One page of a directory, directories first, then by name. */
  list(dir: string, cursor?: string | null): Promise<DirectoryPage>;
  read(path: string): Promise<FileContent>;
  /**
   * Creates or replaces a file; with `expectedEtag`, only if nobody changed it since that version
   * (a `conflict` result otherwise), with `onlyIfMissing` only if it does not exist (ALREADY_EXISTS).
   */
  write(path: string, content: string, expectedEtag: string | null, options?: WriteOptions): Promise<WriteResult>;
  /** Creates a directory and its missing parents. */
  mkdir(path: string): Promise<void>;
  move(from: string, to: string): Promise<void>;
  copy(from: string, to: string): Promise<void>;
  /** A file, or a directory with everything in it. */
  delete(path: string): Promise<void>;
  search(query: SearchQuery): Promise<SearchResults>;
  /** Paths of files matching `q` fuzzily, best first (quick open). */
  find(q: string): Promise<string[]>;
  /** Puts files into directory `dir`; answers the paths written. */
  upload(dir: string, files: readonly File[]): Promise<string[]>;
  /**
   * An address that downloads the file (a directory as a .zip). Asynchronous because the server's
   * will carry a short-lived ticket rather than the access token.
   */
  downloadUrl(path: string): Promise<string>;
  /** Changes to the tree by anyone (this tab, other tabs, the terminal); returns the unsubscribe. */
  watch(onEvent: (event: WatchEvent) => void): () => void;
}

/* ---------------------------------------------------------------------------------- paths */

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Whether `path` is `dir` or inside it. */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** A name a person typed for a new entry: one segment, no separators or dot segments. */
export function checkEntryName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name';
  if (trimmed === '.' || trimmed === '..') return 'Not a usable name';
  if (/[/\\\p{Cc}]/u.test(trimmed)) return 'A name cannot contain / or \\';
  if (new TextEncoder().encode(trimmed).length > 255) return 'At most 255 bytes';
  return null;
}
