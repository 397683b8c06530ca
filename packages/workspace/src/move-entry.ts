// Moving or renaming a file, symlink or directory inside the workspace (one rename(2)); missing
// parents of the target are created. An existing target is refused unless `overwrite`, and a
// directory cannot move into itself.
import { rename } from 'node:fs/promises';
import { createDirectories } from './confined-open';
import { pathAt, resolvedPath, withResolution } from './confined-resolve';
import { discardEntry } from './meta-area';
import { typeOfStats, type EntryType } from './tree-walk';
import { mutate, type WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, isSameOrInside, parseWorkspacePath } from './workspace-path';

export interface MoveEntryResult {
  from: string;
  to: string;
  type: EntryType;
  /** True when an existing target was replaced. */
  overwritten: boolean;
}

export async function moveEntry(
  ctx: WorkspaceContext,
  from: string,
  to: string,
  options: { overwrite?: boolean } = {},
): Promise<MoveEntryResult> {
  const fromSegments = parseWorkspacePath(from);
  const toSegments = parseWorkspacePath(to);
  const fromShown = formatWorkspacePath(fromSegments);
  const toShown = formatWorkspacePath(toSegments);
  if (fromSegments.length === 0 || toSegments.length === 0) {
    throw new WorkspaceError('INVALID_ARGUMENT', 'The workspace root cannot be moved or replaced', {
      from: fromShown,
      to: toShown,
    });
  }
  const { tree } = ctx.layout;
  return mutate(ctx, (scope) =>
    withResolution(tree, fromSegments, fromShown, { followFinal: false }, (source) =>
      withResolution(tree, toSegments, toShown, { followFinal: false, allowMissingParents: true }, async (target) => {
        if (!source.stat || source.name === null)
          throw new WorkspaceError('NOT_FOUND', `Not found: ${fromShown}`, { path: fromShown });
        if (target.name === null)
          throw new WorkspaceError('INVALID_ARGUMENT', 'The workspace root cannot be replaced', { path: toShown });
        const type = typeOfStats(source.stat);
        const result = { from: fromShown, to: toShown, type, overwritten: false };
        const sourcePath = resolvedPath(source);
        const targetPath = resolvedPath(target);
        if (sourcePath === targetPath) return result;
        if (type === 'directory' && isSameOrInside(sourcePath, targetPath)) {
          throw new WorkspaceError('INVALID_ARGUMENT', `Cannot move a directory into itself: ${fromShown} → ${toShown}`, {
            from: fromShown,
            to: toShown,
          });
        }
        if (target.stat && !options.overwrite)
          throw new WorkspaceError('ALREADY_EXISTS', `Already exists: ${toShown}`, { path: toShown });
        await scope.reserve({ bytes: 0, entries: target.missing.length });

        const dir = await createDirectories(target.parent, target.missing, toShown, ctx.settings.owner);
        try {
          scope.record({ bytes: 0, entries: target.missing.length });
          if (target.stat) {
            // A file over a file is replaced by the rename itself; anything involving a
            // directory goes through trash first.
            if (target.stat.isDirectory() || type === 'directory') {
              const removed = await discardEntry(ctx.layout, dir, target.name);
              scope.record({ bytes: -removed.bytes, entries: -removed.entries });
            } else {
              scope.record({ bytes: target.stat.isFile() ? -target.stat.size : 0, entries: -1 });
            }
            result.overwritten = true;
          }
          await rename(pathAt(source.parent, source.name), pathAt(dir, target.name));
          return result;
        } finally {
          if (dir !== target.parent) await dir.close();
        }
      }),
    ),
  );
}
