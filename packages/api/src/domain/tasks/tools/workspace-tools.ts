// The tools that work on the session's workspace, every path through the workspace library's
// confinement (the files domain's WorkspaceFiles): a path outside the tree fails like any other
// bad path, and the model is told why. Writes are prepared first (the new content and its diff,
// shown for approval), then applied only if the file is still what the diff was made from.
import type { WorkspaceFiles } from '@coditect/workspace';
import { TOOL_LIMITS, type TToolInput } from '../../../contract/tools';
import { splitGlobs } from '../../files/file-service';
import { onWorkspace } from '../../files/workspace-failure';
import { AppError } from '../../../errors/app-error';
import { applySearchReplace } from './search-replace';
import { unifiedDiff } from './unified-diff';

/** A tool call that failed for a reason the model is told (a bad path, a block that did not match). */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ToolWorkspace {
  files: WorkspaceFiles;
  /** Largest file read or written whole (FILE_EDIT_LIMIT). */
  maxEditBytes: number;
}

/** Runs workspace work, turning its errors into failures the model is told about. */
async function onTool<T>(work: Promise<T>): Promise<T> {
  try {
    return await onWorkspace(work);
  } catch (error) {
    if (error instanceof AppError) throw new ToolFailure(error.code, error.message);
    throw error;
  }
}

function capped(text: string): string {
  return text.length <= TOOL_LIMITS.resultChars
    ? text
    : `${text.slice(0, TOOL_LIMITS.resultChars)}\n[… cut at ${TOOL_LIMITS.resultChars} characters]`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readText(workspace: ToolWorkspace, path: string): Promise<{ text: string; etag: string } | null> {
  try {
    const read = await onTool(workspace.files.read(path, { maxBytes: workspace.maxEditBytes }));
    try {
      return { text: utf8.decode(read.content), etag: read.etag };
    } catch {
      throw new ToolFailure('UNSUPPORTED_FILE_TYPE', `${path} is not a text file`);
    }
  } catch (error) {
    if (error instanceof ToolFailure && error.code === 'FILE_NOT_FOUND') return null;
    throw error;
  }
}

export async function listFiles(workspace: ToolWorkspace, input: TToolInput<'list_files'>): Promise<string> {
  const page = await onTool(workspace.files.list(input.path, { limit: 500 }));
  const lines = page.entries.map((entry) =>
    entry.type === 'directory' ? `${entry.path}/` : `${entry.path} (${entry.size} bytes)`,
  );
  if (page.next_cursor) lines.push(`[… ${page.total - page.entries.length} more entries]`);
  return capped(lines.length > 0 ? lines.join('\n') : '(empty directory)');
}

export async function readFile(workspace: ToolWorkspace, input: TToolInput<'read_file'>): Promise<string> {
  const read = await readText(workspace, input.path);
  if (!read) throw new ToolFailure('FILE_NOT_FOUND', `Not found: ${input.path}`);
  const all = read.text.split('\n');
  if (all.at(-1) === '') all.pop();
  const first = input.start_line ?? 1;
  const last = Math.min(input.end_line ?? all.length, all.length);
  if (first > Math.max(all.length, 1) || last < first) {
    throw new ToolFailure(
      'VALIDATION_ERROR',
      `Lines ${first}-${input.end_line ?? ''} are outside the file (${all.length} lines)`,
    );
  }
  return capped(
    all
      .slice(first - 1, last)
      .map((line, index) => `${first + index} | ${line}`)
      .join('\n'),
  );
}

export async function searchFiles(workspace: ToolWorkspace, input: TToolInput<'search_files'>): Promise<string> {
  const { include, exclude } = splitGlobs(input.glob);
  const found = await onTool(
    workspace.files.search({ query: input.query, regex: input.regex, path: input.path, include, exclude, maxResults: 200 }),
  );
  const lines = found.matches.map((match) => `${match.path}:${match.line}: ${match.preview}`);
  if (found.truncated) lines.push('[… more matches; narrow the search]');
  return capped(lines.length > 0 ? lines.join('\n') : 'No matches');
}

/** A write ready to apply: the new content, and the exact diff the user approves. */
export interface PreparedWrite {
  path: string;
  content: string;
  /** The etag of the content the diff was made from; null when the file does not exist yet. */
  etag: string | null;
  diff: string;
}

export async function prepareWrite(
  workspace: ToolWorkspace,
  call: { tool: 'write_file'; input: TToolInput<'write_file'> } | { tool: 'apply_diff'; input: TToolInput<'apply_diff'> },
): Promise<PreparedWrite> {
  const current = await readText(workspace, call.input.path);
  let content: string;
  if (call.tool === 'write_file') {
    content = call.input.content;
  } else {
    if (!current)
      throw new ToolFailure(
        'FILE_NOT_FOUND',
        `Not found: ${call.input.path} (apply_diff changes existing files; use write_file)`,
      );
    const applied = applySearchReplace(current.text, call.input.diff);
    if (!applied.ok) throw new ToolFailure('DIFF_NOT_APPLIED', applied.reason);
    content = applied.content;
  }
  if (Buffer.byteLength(content) > workspace.maxEditBytes) {
    throw new ToolFailure('PAYLOAD_TOO_LARGE', `The new content is larger than ${workspace.maxEditBytes} bytes`);
  }
  return {
    path: call.input.path,
    content,
    etag: current?.etag ?? null,
    diff: unifiedDiff(call.input.path, current?.text ?? null, content),
  };
}

/** Writes a prepared change, only over the content it was made from (else CONFLICT, told to the model). */
export async function applyWrite(workspace: ToolWorkspace, prepared: PreparedWrite): Promise<string> {
  const written = await onTool(workspace.files.write(prepared.path, prepared.content, { expectedEtag: prepared.etag }));
  return `${written.created ? 'Created' : 'Wrote'} ${written.path} (${written.size} bytes)`;
}
