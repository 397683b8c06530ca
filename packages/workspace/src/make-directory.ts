// Creating a directory and any missing parents (mkdir -p): an existing directory is fine, an
// existing file is not.
import { createDirectories } from './confined-open';
import { withResolution } from './confined-resolve';
import { mutate, type WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export interface MakeDirectoryResult {
  path: string;
  /** Directories created, this one included; 0 when it existed. */
  created: number;
}

export async function makeDirectory(ctx: WorkspaceContext, path: string): Promise<MakeDirectoryResult> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  if (segments.length === 0) return { path: shown, created: 0 };
  return mutate(ctx, (scope) =>
    withResolution(ctx.layout.tree, segments, shown, { followFinal: true, allowMissingParents: true }, async (resolution) => {
      if (resolution.name === null || resolution.stat?.isDirectory()) return { path: shown, created: 0 };
      if (resolution.stat)
        throw new WorkspaceError('ALREADY_EXISTS', `Already exists and is not a directory: ${shown}`, { path: shown });
      const toCreate = [...resolution.missing, resolution.name];
      await scope.reserve({ bytes: 0, entries: toCreate.length });
      const created = await createDirectories(resolution.parent, toCreate, shown, ctx.settings.owner);
      if (created !== resolution.parent) await created.close();
      scope.record({ bytes: 0, entries: toCreate.length });
      return { path: shown, created: toCreate.length };
    }),
  );
}
