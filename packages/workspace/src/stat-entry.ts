// What a path is, without reading it: type, size, time, and its canonical path (where it leads
// once symlinks inside the tree are followed). A symlink leading out is refused like any access.
import { resolvedPath, withResolution } from './confined-resolve';
import { typeOfStats, type EntryType } from './tree-walk';
import type { WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export interface EntryInfo {
  path: string;
  /** The path after following symlinks (equal to `path` when none). */
  resolved_path: string;
  /** 'other' for FIFOs, sockets and devices (which no operation opens). */
  type: EntryType;
  size: number;
  modified_at: string;
  /** Whether `path` itself is a symlink (to something inside the tree). */
  is_symlink: boolean;
}

export async function statEntry(ctx: WorkspaceContext, path: string): Promise<EntryInfo> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  const isSymlink =
    segments.length > 0 &&
    (await withResolution(
      ctx.layout.tree,
      segments,
      shown,
      { followFinal: false },
      async (r) => r.stat?.isSymbolicLink() ?? false,
    ));
  return withResolution(ctx.layout.tree, segments, shown, { followFinal: true }, async (resolution) => {
    const { stat } = resolution;
    if (!stat) throw new WorkspaceError('NOT_FOUND', `Not found: ${shown}`, { path: shown });
    const type = typeOfStats(stat);
    return {
      path: shown,
      resolved_path: resolvedPath(resolution),
      type,
      size: type === 'directory' ? 0 : stat.size,
      modified_at: stat.mtime.toISOString(),
      is_symlink: isSymlink,
    };
  });
}
