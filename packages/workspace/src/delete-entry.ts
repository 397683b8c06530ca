// Deleting a file, symlink (the link, not its target) or directory (with its contents only when
// `recursive`). A directory leaves the tree in one rename before its contents are removed.
import { rmdir, unlink } from 'node:fs/promises';
import { pathAt, withResolution } from './confined-resolve';
import { discardEntry } from './meta-area';
import { typeOfStats, type EntryType } from './tree-walk';
import { mutate, type WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export interface DeleteEntryResult {
  path: string;
  type: EntryType;
  /** Bytes of the regular files removed. */
  bytes: number;
  /** Entries removed, the deleted one included. */
  entries: number;
}

export async function deleteEntry(
  ctx: WorkspaceContext,
  path: string,
  options: { recursive?: boolean } = {},
): Promise<DeleteEntryResult> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  if (segments.length === 0)
    throw new WorkspaceError('INVALID_ARGUMENT', 'The workspace root cannot be deleted', { path: shown });
  return mutate(ctx, (scope) =>
    withResolution(ctx.layout.tree, segments, shown, { followFinal: false }, async ({ parent, name, stat }) => {
      if (!stat || name === null) throw new WorkspaceError('NOT_FOUND', `Not found: ${shown}`, { path: shown });
      const type = typeOfStats(stat);
      let removed = { bytes: type === 'file' ? stat.size : 0, entries: 1 };
      if (type !== 'directory') await unlink(pathAt(parent, name));
      else if (!options.recursive) await rmdir(pathAt(parent, name));
      else removed = await discardEntry(ctx.layout, parent, name);
      scope.record({ bytes: -removed.bytes, entries: -removed.entries });
      return { path: shown, type, ...removed };
    }),
  );
}
