// The files of a workspace session: its directory tree on the server, read and changed by path.
// Paths are workspace-relative (`src/app.ts`, `''` for the root); the server checks them (any
// spelling that could leave the tree is INVALID_PATH). Over REST the path is the rest of the URL,
// each segment percent-encoded.
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZTimestamp, pageLimit } from './common';
import { ZRequestBody, ZStreamedBody } from './byte-streams';
import type { ErrorCode } from './error-codes';

export const FILE_LIMITS = {
  pathChars: 4096,
  listPage: 1000,
  listPageDefault: 200,
  searchQueryChars: 1000,
  globChars: 2000,
  searchResults: 10_000,
  searchResultsDefault: 500,
  findQueryChars: 500,
  findResults: 500,
  findResultsDefault: 50,
} as const;

/**
 * What any file operation can answer besides the implicit codes: the session is not the caller's,
 * the path is refused or leads nowhere, the tree is in the way (exists, is or is not a directory),
 * the workspace's or tenant's quota, and the domain's own (etag conflict, archive, file type).
 * Every one can come from the file system under any operation, so each declares all of them.
 */
export const FILE_ERRORS = [
  'SESSION_NOT_FOUND',
  'INVALID_PATH',
  'FILE_NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_A_DIRECTORY',
  'IS_A_DIRECTORY',
  'DIRECTORY_NOT_EMPTY',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'QUOTA_EXCEEDED',
  'UNSUPPORTED_FILE_TYPE',
  'INVALID_ARCHIVE',
] as const satisfies readonly ErrorCode[];

export const ZWorkspacePath = z.string().max(FILE_LIMITS.pathChars);
const ZFlag = z.boolean().default(false);

export const ZEntryType = z.enum(['file', 'directory', 'symlink']);

export const ZDirectoryEntry = z
  .object({
    name: z.string(),
    /** The entry's workspace path. */
    path: z.string(),
    type: ZEntryType,
    /** Bytes for files, the target's length for symlinks, 0 for directories. */
    size: z.number().int().min(0),
    modified_at: ZTimestamp,
  })
  .meta({ id: 'DirectoryEntry' });
export type TDirectoryEntry = z.infer<typeof ZDirectoryEntry>;

export const ZDirectoryListing = z.object({
  type: z.literal('directory'),
  path: z.string(),
  /** Directories first, then files and links, by name (case-insensitively). */
  entries: z.array(ZDirectoryEntry),
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: z.string().nullable(),
  /** Entries in the whole directory. */
  total: z.number().int().min(0),
});

export const ZFileEncoding = z.enum(['utf-8', 'base64']);

export const ZFileContent = z.object({
  type: z.literal('file'),
  path: z.string(),
  /** The text when the file is valid UTF-8, else its bytes in base64 (see `encoding`). */
  content: z.string(),
  encoding: ZFileEncoding,
  size: z.number().int().min(0),
  /** Send back as If-Match (or `expected_etag`) to write only if the file is unchanged. */
  etag: z.string(),
  modified_at: ZTimestamp,
});

export const ZGetFileRequest = z.strictObject({
  session_id: ZId,
  path: ZWorkspacePath.default(''),
  /** Directory page size. */
  limit: pageLimit(FILE_LIMITS.listPageDefault, FILE_LIMITS.listPage),
  cursor: z.string().max(1024).optional(),
});
export type TGetFileRequest = z.infer<typeof ZGetFileRequest>;

export const ZGetFileResponse = z.discriminatedUnion('type', [ZDirectoryListing, ZFileContent]);
export type TGetFileResponse = z.infer<typeof ZGetFileResponse>;

export const ZDownloadRequest = z.strictObject({ session_id: ZId, path: ZWorkspacePath.default('') });
export type TDownloadRequest = z.infer<typeof ZDownloadRequest>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const ZWriteFileRequest = z
  .strictObject({
    session_id: ZId,
    path: ZWorkspacePath,
    content: z.string(),
    encoding: ZFileEncoding.default('utf-8'),
    /** The etag last read: the write happens only if the file still has it (null: only if it does not exist). */
    expected_etag: z.string().max(200).nullable().optional(),
  })
  .refine((input) => input.encoding !== 'base64' || (input.content.length % 4 === 0 && BASE64.test(input.content)), {
    message: 'Not valid base64',
    path: ['content'],
  });
export type TWriteFileRequest = z.infer<typeof ZWriteFileRequest>;

export const ZWriteFileResponse = z.object({
  path: z.string(),
  size: z.number().int().min(0),
  etag: z.string(),
  modified_at: ZTimestamp,
  /** False when an existing file was replaced. */
  created: z.boolean(),
});
export type TWriteFileResponse = z.infer<typeof ZWriteFileResponse>;

export const ZCreateEntryRequest = z
  .strictObject({
    session_id: ZId,
    path: ZWorkspacePath,
    /** Create a directory at `path` (and its missing parents). */
    type: z.literal('directory').optional(),
    /** Move (rename) `path` to this path. */
    move_to: ZWorkspacePath.optional(),
    /** Copy `path` (a directory with everything in it) to this path. */
    copy_to: ZWorkspacePath.optional(),
    /** Replace an existing target of a move or copy instead of refusing with ALREADY_EXISTS. */
    overwrite: ZFlag,
  })
  .refine((input) => [input.type, input.move_to, input.copy_to].filter((field) => field !== undefined).length === 1, {
    message: 'Give exactly one of type: "directory", move_to or copy_to',
  })
  .meta({ oneOf: [{ required: ['type'] }, { required: ['move_to'] }, { required: ['copy_to'] }] });
export type TCreateEntryRequest = z.infer<typeof ZCreateEntryRequest>;

export const ZCreateEntryResponse = z.object({
  action: z.enum(['directory', 'move', 'copy']),
  /** What was created: the directory, or the move's or copy's target. */
  path: z.string(),
  /** The moved or copied entry (null for a directory). */
  from: z.string().nullable(),
  type: ZEntryType,
  /** Directories made, or entries copied (0 for a move). */
  entries: z.number().int().min(0),
  overwritten: z.boolean(),
});
export type TCreateEntryResponse = z.infer<typeof ZCreateEntryResponse>;

export const ZDeleteEntryRequest = z.strictObject({
  session_id: ZId,
  path: ZWorkspacePath,
  /** Delete a directory with everything in it (else only an empty one). */
  recursive: ZFlag,
});
export type TDeleteEntryRequest = z.infer<typeof ZDeleteEntryRequest>;

export const ZDeleteEntryResponse = z.object({
  path: z.string(),
  type: z.enum(['file', 'directory', 'symlink', 'other']),
  /** Bytes of the files removed. */
  bytes: z.number().int().min(0),
  /** Entries removed, the deleted one included. */
  entries: z.number().int().min(0),
});
export type TDeleteEntryResponse = z.infer<typeof ZDeleteEntryResponse>;

export const ZSearchRequest = z.strictObject({
  session_id: ZId,
  q: z.string().min(1, 'Required').max(FILE_LIMITS.searchQueryChars),
  /** `q` is a regular expression (Rust syntax, linear time) rather than literal text. */
  regex: ZFlag,
  /** Match case exactly. */
  case: ZFlag,
  whole_word: ZFlag,
  /** Comma-separated globs, relative to `path`: files to search (`*.ts`), or to skip with `!` (`!dist/**`). */
  glob: z.string().max(FILE_LIMITS.globChars).optional(),
  /** The directory to search ('' for the whole workspace). */
  path: ZWorkspacePath.default(''),
  /** Also search files .gitignore leaves out. */
  include_ignored: ZFlag,
  limit: pageLimit(FILE_LIMITS.searchResultsDefault, FILE_LIMITS.searchResults),
});
export type TSearchRequest = z.infer<typeof ZSearchRequest>;

export const ZSearchResponse = z.object({
  matches: z.array(
    z.object({
      path: z.string(),
      /** 1-based. */
      line: z.number().int().nonnegative(),
      /** 1-based, in UTF-16 code units. */
      column: z.number().int().nonnegative(),
      /** The matching line (cut around the match when long). */
      preview: z.string(),
    }),
  ),
  /** More matches exist than `limit`. */
  truncated: z.boolean(),
  /** The search stopped at its time limit; the matches are those found by then. */
  timed_out: z.boolean(),
});
export type TSearchResponse = z.infer<typeof ZSearchResponse>;

export const ZFindRequest = z.strictObject({
  session_id: ZId,
  q: z.string().max(FILE_LIMITS.findQueryChars),
  limit: pageLimit(FILE_LIMITS.findResultsDefault, FILE_LIMITS.findResults),
});
export type TFindRequest = z.infer<typeof ZFindRequest>;

export const ZFindResponse = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      score: z.number(),
      /** Indices of the characters of `path` that matched, for highlighting. */
      positions: z.array(z.number().int().nonnegative()),
    }),
  ),
  /** The workspace holds more files than the index keeps; some were not considered. */
  index_truncated: z.boolean(),
});
export type TFindResponse = z.infer<typeof ZFindResponse>;

export const ARCHIVE_FORMATS = ['zip', 'tar', 'tar.gz'] as const;

/** Content types an upload takes: many files as multipart/form-data, or one archive. */
export const UPLOAD_MEDIA_TYPES = [
  'multipart/form-data',
  'application/zip',
  'application/gzip',
  'application/x-tar',
  'application/octet-stream',
] as const;

export const ZUploadRequest = z.strictObject({
  session_id: ZId,
  /** The folder to upload into ('' for the root); created when missing. */
  path: ZWorkspacePath.default(''),
  /** The body is an archive of this format (else judged from Content-Type). */
  archive: z.enum(ARCHIVE_FORMATS).optional(),
  /** Replace existing files instead of refusing the whole upload with ALREADY_EXISTS. */
  overwrite: ZFlag,
  body: ZRequestBody,
});
export type TUploadRequest = z.infer<typeof ZUploadRequest>;

export const ZUploadResponse = z.object({
  path: z.string(),
  files: z.number().int().nonnegative(),
  directories: z.number().int().nonnegative(),
  symlinks: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Existing entries replaced (overwrite only). */
  overwritten: z.number().int().nonnegative(),
  /** The files written, relative to `path` (the first 1,000). */
  paths: z.array(z.string()),
  paths_truncated: z.boolean(),
  /** Archive entries not extracted: hard links, devices, FIFOs. */
  skipped: z.number().int().nonnegative(),
});
export type TUploadResponse = z.infer<typeof ZUploadResponse>;

export const ZWatchRequest = z.strictObject({
  session_id: ZId,
  /** Set by httpSubscriptionLink when it reconnects. */
  lastEventId: z.string().max(200).nullish(),
});
export type TWatchRequest = z.infer<typeof ZWatchRequest>;

/**
 * Watch events, each tracked: `ready` first (and again after every reconnect: what changed while
 * not watching was missed, so reload what is open), then `changes` batches; `limit` once when the
 * workspace is too large to watch whole; `overflow` when this subscriber fell too far behind
 * (events were dropped: reload).
 */
export const ZWatchEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('changes'),
    changes: z.array(
      z.object({
        kind: z.enum(['created', 'changed', 'deleted']),
        path: z.string(),
        type: z.enum(['file', 'directory', 'symlink', 'other']),
      }),
    ),
  }),
  z.object({ type: z.literal('limit'), reason: z.string() }),
  z.object({ type: z.literal('overflow') }),
]);
export type TWatchEvent = z.infer<typeof ZWatchEvent>;

const FILE_PATH = '/sessions/:session_id/files/:path*';

export const filesContract = {
  get: defineOperation({
    type: 'query',
    input: ZGetFileRequest,
    output: ZGetFileResponse,
    meta: {
      access: 'user',
      summary: 'A directory’s entries (paged, directories first) or a file’s content with its etag',
      errors: FILE_ERRORS,
      rest: { method: 'GET', path: FILE_PATH, etagField: 'etag' },
    },
  }),
  download: defineOperation({
    type: 'query',
    input: ZDownloadRequest,
    output: ZStreamedBody,
    meta: {
      access: 'user',
      summary: 'A file’s bytes, or a folder as .zip, streamed as an attachment (REST only: `?raw=1`)',
      errors: FILE_ERRORS,
      rest: {
        method: 'GET',
        path: FILE_PATH,
        when: { raw: ['1', 'true'] },
        streamed: {
          // A file goes out with the media type its name suggests (text/x-typescript, image/png...).
          mediaTypes: ['application/zip', '*/*'],
          description:
            'With `raw=1`: a file’s bytes with a content type from its name, or a directory as a .zip; always ' +
            '`Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`',
        },
      },
    },
  }),
  write: defineOperation({
    type: 'mutation',
    input: ZWriteFileRequest,
    output: ZWriteFileResponse,
    meta: {
      access: 'user',
      summary: 'Create or replace a file (parents created); with If-Match, only if it is unchanged',
      errors: FILE_ERRORS,
      bodyLimit: 'file',
      audit: { omitInput: ['content'], outputDetails: ['path', 'size', 'created'] },
      rest: { method: 'PUT', path: FILE_PATH, headerInputs: { 'if-match': 'expected_etag' }, etagField: 'etag' },
    },
  }),
  create: defineOperation({
    type: 'mutation',
    input: ZCreateEntryRequest,
    output: ZCreateEntryResponse,
    meta: {
      access: 'user',
      summary: 'Create a directory at the path, or move or copy what is there to another path',
      errors: FILE_ERRORS,
      audit: { outputDetails: ['action', 'path', 'from', 'type', 'entries', 'overwritten'] },
      rest: { method: 'POST', path: FILE_PATH, successStatus: 201 },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZDeleteEntryRequest,
    output: ZDeleteEntryResponse,
    meta: {
      access: 'user',
      summary: 'Delete a file or link, an empty directory, or with recursive a directory and its contents',
      errors: FILE_ERRORS,
      audit: { outputDetails: ['path', 'type', 'bytes', 'entries'] },
      rest: { method: 'DELETE', path: FILE_PATH },
    },
  }),
  search: defineOperation({
    type: 'query',
    input: ZSearchRequest,
    output: ZSearchResponse,
    meta: {
      access: 'user',
      summary: 'Search file contents (ripgrep; .gitignore honoured)',
      errors: FILE_ERRORS,
      rest: { method: 'GET', path: '/sessions/:session_id/search' },
    },
  }),
  find: defineOperation({
    type: 'query',
    input: ZFindRequest,
    output: ZFindResponse,
    meta: {
      access: 'user',
      summary: 'Files whose path fuzzily matches the query, best first (quick open)',
      errors: FILE_ERRORS,
      rest: { method: 'GET', path: '/sessions/:session_id/find' },
    },
  }),
  upload: defineOperation({
    type: 'mutation',
    input: ZUploadRequest,
    output: ZUploadResponse,
    meta: {
      access: 'user',
      summary:
        'Upload many files (multipart/form-data; each part’s filename is its path) or one archive (.zip, .tar, ' +
        '.tar.gz) into a folder, all or nothing',
      errors: FILE_ERRORS,
      bodyLimit: 'upload',
      audit: { omitInput: ['body'], outputDetails: ['path', 'files', 'directories', 'bytes', 'overwritten', 'skipped'] },
      rest: {
        method: 'POST',
        path: '/sessions/:session_id/upload/:path*',
        successStatus: 201,
        rawBody: { field: 'body', mediaTypes: UPLOAD_MEDIA_TYPES },
      },
    },
  }),
  watch: defineOperation({
    type: 'subscription',
    input: ZWatchRequest,
    output: ZWatchEvent,
    meta: {
      access: 'user',
      // Watching only reads: every role, a Viewer included.
      role: 'Viewer',
      summary:
        'Changes to the workspace’s files by anyone (editor, terminal, agent) over SSE (tRPC subscription; ' +
        'each event tracked)',
      errors: FILE_ERRORS,
    },
  }),
};
