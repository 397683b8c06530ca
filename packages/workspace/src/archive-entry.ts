// The names inside an uploaded archive, judged before anything is extracted: an entry's path
// must be a plain relative path (no "..", no absolute path, no backslash: the zip-slip family),
// and a symlink's target must stay inside the workspace when resolved from where the link sits.
import { WorkspaceError } from './workspace-error';
import { MAX_PATH_BYTES, parseWorkspacePath } from './workspace-path';

export function unsafeEntry(reason: string, index: number): WorkspaceError {
  return new WorkspaceError('INVALID_ARCHIVE', `The archive is refused: ${reason} (entry ${index + 1})`, {
    reason,
    entry_index: index,
  });
}

/** The entry's path segments; [] for the archive's own root ("./"). */
export function archiveEntrySegments(raw: string, index: number): string[] {
  let path = raw.replace(/\/+$/, '');
  while (path.startsWith('./')) path = path.slice(2);
  if (path === '' || path === '.') return [];
  try {
    return parseWorkspacePath(path);
  } catch {
    throw unsafeEntry('unsafe entry path', index);
  }
}

/**
 * Refuses a link target that is absolute or climbs above the workspace root, resolved lexically
 * from the link's directory (`linkDir`: workspace-relative segments).
 */
export function assertSafeLinkTarget(linkDir: readonly string[], target: string, index: number): void {
  if (
    target === '' ||
    target.startsWith('/') ||
    target.includes('\\') ||
    /[\u0000-\u001f]/.test(target) ||
    Buffer.byteLength(target) > MAX_PATH_BYTES
  ) {
    throw unsafeEntry('symbolic link leads outside the workspace', index);
  }
  const stack = [...linkDir];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (stack.length === 0) throw unsafeEntry('symbolic link leads outside the workspace', index);
      stack.pop();
    } else stack.push(part);
  }
}
