// Copying a file, symlink (as a link) or directory inside the workspace. The copy is built in
// meta/tmp and renamed into place, so the target appears complete or not at all, and a refused
// or failed copy leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { createDirectories } from './confined-open';
import { pathAt, resolvedPath, withResolution } from './confined-resolve';
import { discardEntry, openMetaDirectory } from './meta-area';
import { copyEntryAt, measureEntryAt } from './tree-copy';
import { removeEntryAt } from './tree-remove';
import { typeOfStats, type EntryType } from './tree-walk';
import { mutate, type WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, isSameOrInside, parseWorkspacePath } from './workspace-path';

export interface CopyEntryResult {
  from: string;
  to: string;
  type: EntryType;
  /** Bytes of the regular files copied. */
  bytes: number;
  /** Entries copied (special files are skipped). */
  entries: number;
  overwritten: boolean;
}

export async function copyEntry(
  ctx: WorkspaceContext,
  from: string,
  to: string,
  options: { overwrite?: boolean } = {},
): Promise<CopyEntryResult> {
  const fromSegments = parseWorkspacePath(from);
  const toSegments = parseWorkspacePath(to);
  const fromShown = formatWorkspacePath(fromSegments);
  const toShown = formatWorkspacePath(toSegments);
  if (fromSegments.length === 0 || toSegments.length === 0) {
    throw new WorkspaceError('INVALID_ARGUMENT', 'The workspace root cannot be copied or replaced', {
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
        if (type === 'other')
          throw new WorkspaceError('UNSUPPORTED_FILE_TYPE', `Not a regular file: ${fromShown}`, { path: fromShown });
        const sourcePath = resolvedPath(source);
        const targetPath = resolvedPath(target);
        if (isSameOrInside(sourcePath, targetPath)) {
          throw new WorkspaceError('INVALID_ARGUMENT', `Cannot copy onto itself or into itself: ${fromShown} → ${toShown}`, {
            from: fromShown,
            to: toShown,
          });
        }
        if (target.stat && !options.overwrite)
          throw new WorkspaceError('ALREADY_EXISTS', `Already exists: ${toShown}`, { path: toShown });

        const adding = await measureEntryAt(source.parent, source.name);
        const replacing = target.stat ? await measureEntryAt(target.parent, target.name) : { bytes: 0, entries: 0 };
        await scope.reserve({
          bytes: adding.bytes - replacing.bytes,
          entries: adding.entries - replacing.entries + target.missing.length,
          ...(adding.entries > 0 ? { largestFile: adding.largestFile } : {}),
        });

        const staging = await openMetaDirectory(ctx.layout.tmp);
        const stagedName = randomUUID();
        try {
          const copied = await copyEntryAt(source.parent, source.name, staging, stagedName, ctx.settings.owner);
          const dir = await createDirectories(target.parent, target.missing, toShown, ctx.settings.owner);
          try {
            scope.record({ bytes: 0, entries: target.missing.length });
            if (target.stat && (target.stat.isDirectory() || type === 'directory')) {
              const removed = await discardEntry(ctx.layout, dir, target.name);
              scope.record({ bytes: -removed.bytes, entries: -removed.entries });
            } else if (target.stat) {
              scope.record({ bytes: -replacing.bytes, entries: -replacing.entries });
            }
            await rename(pathAt(staging, stagedName), pathAt(dir, target.name));
            scope.record({ bytes: copied.bytes, entries: copied.entries });
          } finally {
            if (dir !== target.parent) await dir.close();
          }
          return {
            from: fromShown,
            to: toShown,
            type,
            bytes: copied.bytes,
            entries: copied.entries,
            overwritten: target.stat !== null,
          };
        } finally {
          await removeEntryAt(staging, stagedName).catch(() => undefined);
          await staging.close();
        }
      }),
    ),
  );
}
