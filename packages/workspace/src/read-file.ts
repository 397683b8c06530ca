// Reading files: whole into memory (editor contents, with the etag a later write can expect), or
// as a stream for raw downloads.
import type { Readable } from 'node:stream';
import { contentEtag } from './content-etag';
import { openFileForReading, readToEnd } from './confined-open';
import { contentTypeFor } from './content-type';
import type { WorkspaceContext } from './workspace-context';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export interface ReadFileResult {
  path: string;
  content: Buffer;
  size: number;
  etag: string;
  modified_at: string;
}

export interface FileStreamResult {
  path: string;
  stream: Readable;
  size: number;
  content_type: string;
  modified_at: string;
}

export async function readFile(
  ctx: WorkspaceContext,
  path: string,
  options: { maxBytes?: number } = {},
): Promise<ReadFileResult> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  const { handle, stat } = await openFileForReading(ctx.layout.tree, segments, shown);
  try {
    const content = await readToEnd(handle, stat.size, options.maxBytes ?? ctx.settings.maxReadBytes, shown);
    return { path: shown, content, size: content.length, etag: contentEtag(content), modified_at: stat.mtime.toISOString() };
  } finally {
    await handle.close();
  }
}

/** A stream of the file's bytes; it closes the file when it ends or is destroyed. */
export async function openFileStream(ctx: WorkspaceContext, path: string): Promise<FileStreamResult> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  const { handle, stat } = await openFileForReading(ctx.layout.tree, segments, shown);
  return {
    path: shown,
    stream: handle.createReadStream({ autoClose: true }),
    size: stat.size,
    content_type: contentTypeFor(shown),
    modified_at: stat.mtime.toISOString(),
  };
}
