// The operations on a session's files. Each checks the session is the caller's (sessionFiles),
// then asks the workspace library, whose errors map once to the API's (workspace-failure.ts).
import { contentTypeFor, type ArchiveFormat, type SearchOptions } from '@coditect/workspace';
import { StreamedBody, type RequestBody } from '../../contract/byte-streams';
import type {
  TCreateEntryRequest,
  TCreateEntryResponse,
  TDeleteEntryRequest,
  TDeleteEntryResponse,
  TDownloadRequest,
  TFindRequest,
  TFindResponse,
  TGetFileRequest,
  TGetFileResponse,
  TSearchRequest,
  TSearchResponse,
  TUploadResponse,
  TWriteFileRequest,
  TWriteFileResponse,
} from '../../contract/files';
import { AppError } from '../../errors/app-error';
import { sessionFiles, type FilesContext } from './session-files';
import { TrackedBody, uploadSource } from './upload-body';
import { onWorkspace } from './workspace-failure';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of valid UTF-8 (NUL included: editors show it), or null for anything else. */
function asText(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** A directory's page, or a file's whole content (within the editor's size limit). */
export async function getEntry(context: FilesContext, input: TGetFileRequest): Promise<TGetFileResponse> {
  const files = await sessionFiles(context, input.session_id, 'read');
  const stat = await onWorkspace(files.stat(input.path));
  if (stat.type === 'directory') {
    const page = await onWorkspace(files.list(input.path, { limit: input.limit, cursor: input.cursor ?? null }));
    return { type: 'directory', ...page };
  }
  const read = await onWorkspace(files.read(input.path, { maxBytes: context.deps.workspaces.maxEditBytes }));
  const text = asText(read.content);
  return {
    type: 'file',
    path: read.path,
    content: text ?? read.content.toString('base64'),
    encoding: text === null ? 'base64' : 'utf-8',
    size: read.size,
    etag: read.etag,
    modified_at: read.modified_at,
  };
}

/** A file's bytes, or a folder as .zip, to send as an attachment. */
export async function downloadEntry(context: FilesContext, input: TDownloadRequest): Promise<StreamedBody> {
  const files = await sessionFiles(context, input.session_id, 'read');
  const stat = await onWorkspace(files.stat(input.path));
  if (stat.type === 'directory') {
    const zip = await onWorkspace(files.downloadFolder(input.path, { maxBytes: context.deps.workspaces.maxDownloadBytes }));
    return new StreamedBody({ contentType: 'application/zip', fileName: zip.file_name, stream: zip.stream });
  }
  const file = await onWorkspace(files.readStream(input.path));
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  return new StreamedBody({ contentType: contentTypeFor(name), fileName: name, size: file.size, stream: file.stream });
}

export async function writeFile(context: FilesContext, input: TWriteFileRequest): Promise<TWriteFileResponse> {
  const files = await sessionFiles(context, input.session_id, 'write');
  const content = input.encoding === 'base64' ? Buffer.from(input.content, 'base64') : Buffer.from(input.content, 'utf8');
  const { maxEditBytes } = context.deps.workspaces;
  if (content.length > maxEditBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `Too large to write as JSON (${content.length} bytes; limit ${maxEditBytes}): upload it instead`,
      { max: maxEditBytes },
    );
  }
  const written = await onWorkspace(
    files.write(input.path, content, input.expected_etag === undefined ? {} : { expectedEtag: input.expected_etag }),
  );
  return {
    path: written.path,
    size: written.size,
    etag: written.etag,
    modified_at: written.modified_at,
    created: written.created,
  };
}

export async function createEntry(context: FilesContext, input: TCreateEntryRequest): Promise<TCreateEntryResponse> {
  const files = await sessionFiles(context, input.session_id, 'write');
  const options = { overwrite: input.overwrite };
  if (input.move_to !== undefined) {
    const moved = await onWorkspace(files.move(input.path, input.move_to, options));
    const type = moved.type === 'other' ? 'file' : moved.type;
    return { action: 'move', path: moved.to, from: moved.from, type, entries: 0, overwritten: moved.overwritten };
  }
  if (input.copy_to !== undefined) {
    const copied = await onWorkspace(files.copy(input.path, input.copy_to, options));
    const type = copied.type === 'other' ? 'file' : copied.type;
    return { action: 'copy', path: copied.to, from: copied.from, type, entries: copied.entries, overwritten: copied.overwritten };
  }
  const made = await onWorkspace(files.mkdir(input.path));
  return { action: 'directory', path: made.path, from: null, type: 'directory', entries: made.created, overwritten: false };
}

export async function deleteEntry(context: FilesContext, input: TDeleteEntryRequest): Promise<TDeleteEntryResponse> {
  const files = await sessionFiles(context, input.session_id, 'write');
  return onWorkspace(files.delete(input.path, { recursive: input.recursive }));
}

/** `a,b,!c` → include [a, b], exclude [c]; commas inside braces (`*.{ts,tsx}`) stay in their glob. */
export function splitGlobs(text: string | undefined): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  let depth = 0;
  let current = '';
  const flush = () => {
    const glob = current.trim();
    current = '';
    if (glob === '' || glob === '!') return;
    if (glob.startsWith('!')) exclude.push(glob.slice(1));
    else include.push(glob);
  };
  for (const char of text ?? '') {
    if (char === '{') depth += 1;
    if (char === '}') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) flush();
    else current += char;
  }
  flush();
  return { include, exclude };
}

export async function searchFiles(context: FilesContext, input: TSearchRequest): Promise<TSearchResponse> {
  const files = await sessionFiles(context, input.session_id, 'read');
  const { include, exclude } = splitGlobs(input.glob);
  const options: SearchOptions = {
    query: input.q,
    regex: input.regex,
    caseSensitive: input.case,
    wholeWord: input.whole_word,
    include,
    exclude,
    path: input.path,
    includeIgnored: input.include_ignored,
    maxResults: input.limit,
  };
  return onWorkspace(files.search(options));
}

export async function findFiles(context: FilesContext, input: TFindRequest): Promise<TFindResponse> {
  const files = await sessionFiles(context, input.session_id, 'read');
  return onWorkspace(files.find(input.q, { limit: input.limit }));
}

export interface UploadInput {
  session_id: string;
  path: string;
  archive?: ArchiveFormat | undefined;
  overwrite: boolean;
  body: RequestBody;
}

/** Many files or one archive into a folder, all or nothing. */
export async function uploadFiles(context: FilesContext, input: UploadInput): Promise<TUploadResponse> {
  const tracked = new TrackedBody(input.body.stream);
  try {
    const files = await sessionFiles(context, input.session_id, 'write');
    const source = uploadSource(input.body, tracked, input.archive);
    const options = { overwrite: input.overwrite };
    return await onWorkspace(
      source.kind === 'archive'
        ? files.extractArchive(input.path, source.stream, source.format, options)
        : files.upload(input.path, source.files, options),
    ).catch((error: unknown) => {
      // The body failed (too large, the client left): that is the answer, not what the library made of it.
      throw tracked.failure ?? error;
    });
  } finally {
    tracked.release();
  }
}
