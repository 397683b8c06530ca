// The lexical rules for a path given to this package: workspace-relative, one canonical spelling
// per file ("src/app.ts"; "" or "." is the root), checked before anything touches the disk.
// What the path leads to (symlinks, file types) is the resolver's job (confined-resolve.ts).
import { WorkspaceError } from './workspace-error';

export const MAX_SEGMENT_BYTES = 255;
export const MAX_PATH_BYTES = 4096;
/** Levels in a path, and the depth below which walks (scans, copies, downloads, watches) do not descend. */
export const MAX_PATH_DEPTH = 256;

// C0 controls and DEL: legal on Linux but they break audit lines, terminals and previews, and no
// editor produces them.
const CONTROL = /[\u0000-\u001f\u007f]/;
// Lone surrogates would be written as U+FFFD, so two different strings would name one file.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// A percent-encoded separator or dot-segment is refused: it only appears when a layer above
// decoded once too few (or will decode once too many), the classic `..%2f` traversal.
const ENCODED_TRAVERSAL = /%(2f|5c|00)/i;
const ENCODED_DOTS = /^(\.|%2e)+$/i;

function invalid(reason: string): WorkspaceError {
  return new WorkspaceError('INVALID_PATH', `Invalid path: ${reason}`, { reason });
}

/** Splits a workspace-relative path into its segments ([] for the root), or throws INVALID_PATH. */
export function parseWorkspacePath(input: unknown): string[] {
  if (typeof input !== 'string') throw invalid('not a string');
  if (input === '' || input === '.') return [];
  if (input.includes('\u0000')) throw invalid('contains a NUL byte');
  if (CONTROL.test(input)) throw invalid('contains a control character');
  if (LONE_SURROGATE.test(input)) throw invalid('not valid Unicode');
  if (input.includes('\\')) throw invalid('backslashes are not allowed');
  if (Buffer.byteLength(input) > MAX_PATH_BYTES) throw invalid(`longer than ${MAX_PATH_BYTES} bytes`);
  if (input.startsWith('/')) throw invalid('must be relative to the workspace');
  const segments = input.split('/');
  if (segments.length > MAX_PATH_DEPTH) throw invalid(`more than ${MAX_PATH_DEPTH} levels`);
  for (const segment of segments) {
    if (segment === '') throw invalid('empty segment');
    if (segment === '.' || segment === '..') throw invalid('"." and ".." segments are not allowed');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw invalid(`a name is longer than ${MAX_SEGMENT_BYTES} bytes`);
    if (ENCODED_TRAVERSAL.test(segment) || (segment.includes('%') && ENCODED_DOTS.test(segment))) {
      throw invalid('encoded separators or dot segments are not allowed');
    }
  }
  return segments;
}

/** The canonical spelling of a path from its segments ("" for the root). */
export function formatWorkspacePath(segments: readonly string[]): string {
  return segments.join('/');
}

/** The canonical spelling of `input`, or throws INVALID_PATH. */
export function normalizeWorkspacePath(input: unknown): string {
  return formatWorkspacePath(parseWorkspacePath(input));
}

/** True when `inner` is `outer` or lies below it (both canonical). */
export function isSameOrInside(outer: string, inner: string): boolean {
  return outer === '' || inner === outer || inner.startsWith(`${outer}/`);
}
