// Writing a whole file (create or replace, parents created), atomically, optionally only if its
// content is still what the caller last read (`expectedEtag`). The check and the replacement run
// under the workspace lock, so of several writers expecting the same etag exactly one wins,
// across processes. A terminal editing the file in the same instant is not under our lock; its
// change is then overwritten, as with any editor.
import type { FileHandle } from 'node:fs/promises';
import { writeFileAtomically } from './atomic-write';
import { fileEtag, contentEtag } from './content-etag';
import { createDirectories, openResolvedFile } from './confined-open';
import { resolveConfined } from './confined-resolve';
import { assertFileSize } from './quota-guard';
import { mutate, type WorkspaceContext } from './workspace-context';
import { WorkspaceError, fromFsError } from './workspace-error';
import { formatWorkspacePath, parseWorkspacePath } from './workspace-path';

export interface WriteFileOptions {
  /** The etag the caller last read; CONFLICT if the content differs now. null: the file must not exist yet. */
  expectedEtag?: string | null;
}

export interface WriteFileResult {
  path: string;
  size: number;
  etag: string;
  modified_at: string;
  created: boolean;
  /** Size before the write, null when the file was created (for the audit entry). */
  previous_size: number | null;
}

async function currentEtagOf(resolution: Parameters<typeof openResolvedFile>[0], shown: string): Promise<string> {
  const { handle } = await openResolvedFile(resolution, shown);
  try {
    return await fileEtag(handle);
  } finally {
    await handle.close();
  }
}

export async function writeFile(
  ctx: WorkspaceContext,
  path: string,
  content: string | Uint8Array,
  options: WriteFileOptions = {},
): Promise<WriteFileResult> {
  const segments = parseWorkspacePath(path);
  const shown = formatWorkspacePath(segments);
  if (segments.length === 0) throw new WorkspaceError('IS_A_DIRECTORY', 'Is a directory: the workspace root', { path: shown });
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  assertFileSize(await ctx.settings.quotas(ctx.layout.ref), data.length);

  return mutate(ctx, async (scope) => {
    const resolution = await resolveConfined(ctx.layout.tree, segments, shown, { followFinal: true, allowMissingParents: true });
    let dir: FileHandle | undefined;
    try {
      const { stat, name } = resolution;
      if (name === null || stat?.isDirectory())
        throw new WorkspaceError('IS_A_DIRECTORY', `Is a directory: ${shown}`, { path: shown });
      if (stat && !stat.isFile())
        throw new WorkspaceError('UNSUPPORTED_FILE_TYPE', `Not a regular file: ${shown}`, { path: shown });
      if (options.expectedEtag !== undefined) {
        const current = stat ? await currentEtagOf(resolution, shown) : null;
        if (current !== options.expectedEtag) {
          throw new WorkspaceError('CONFLICT', `The file changed since it was read: ${shown}`, {
            path: shown,
            current_etag: current,
          });
        }
      }
      const previousSize = stat ? stat.size : null;
      const added = { bytes: data.length - (previousSize ?? 0), entries: stat ? 0 : 1 };
      await scope.reserve({ bytes: added.bytes, entries: added.entries + resolution.missing.length, largestFile: data.length });

      dir = await createDirectories(resolution.parent, resolution.missing, shown, ctx.settings.owner);
      scope.record({ bytes: 0, entries: resolution.missing.length });
      const written = await writeFileAtomically(ctx.layout.tmp, dir, name, data, {
        ...(stat ? { mode: stat.mode & 0o777 } : {}),
        durable: ctx.settings.durableWrites,
        owner: ctx.settings.owner,
      });
      scope.record(added);
      return {
        path: shown,
        size: data.length,
        etag: contentEtag(data),
        modified_at: written.mtime.toISOString(),
        created: stat === null,
        previous_size: previousSize,
      };
    } catch (error) {
      throw fromFsError(error, shown);
    } finally {
      if (dir && dir !== resolution.parent) await dir.close();
      await resolution.parent.close();
    }
  });
}
