// Uploads into a directory of the workspace: many files (from a multipart body, say) or one
// archive (.zip, .tar, .tar.gz) extracted there. Either way the upload is staged in meta/tmp
// within its budget, then merged into the target directory in one step under the workspace lock
// after the exact quota check; a refused or failed upload leaves nothing in the tree.
import type { Readable } from 'node:stream';
import { createDirectories } from './confined-open';
import { openDirectoryAt, pathAt, withResolution } from './confined-resolve';
import { StagingArea, type CommitResult, type UploadContent } from './staging-area';
import { stageTar } from './tar-staging';
import { UploadBudget } from './upload-budget';
import { readUsageRecord } from './usage-record';
import { mutate, type WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { formatWorkspacePath, MAX_PATH_BYTES, parseWorkspacePath } from './workspace-path';
import { stageZip } from './zip-staging';

export interface UploadFile {
  /** Path relative to the target directory. */
  path: string;
  content: UploadContent;
}

export interface UploadOptions {
  /** Replace existing files (and entries of another type) instead of refusing with ALREADY_EXISTS. */
  overwrite?: boolean;
}

export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

export interface UploadResult extends CommitResult {
  /** The target directory. */
  path: string;
  /** Archive entries not extracted: hard links, devices, FIFOs. */
  skipped: number;
}

async function stageAndCommit(
  ctx: WorkspaceContext,
  dirPath: string,
  options: UploadOptions,
  kind: 'files' | 'archive',
  stage: (staging: StagingArea, base: string[], budget: UploadBudget) => Promise<{ skipped: number }>,
): Promise<UploadResult> {
  const base = parseWorkspacePath(dirPath);
  const shown = formatWorkspacePath(base);
  const quotas = await ctx.settings.quotas(ctx.layout.ref);
  // An early, approximate quota check while staging (exact at commit); not when files may be replaced.
  const usage = options.overwrite ? null : await readUsageRecord(ctx.layout.usageFile);
  const budget = new UploadBudget(ctx.settings.upload, quotas, usage, kind);
  const staging = await StagingArea.open(ctx.layout, budget, ctx.settings.owner);
  try {
    const { skipped } = await stage(staging, base, budget);
    const committed = await mutate(ctx, (scope) =>
      withResolution(ctx.layout.tree, base, shown, { followFinal: true, allowMissingParents: true }, async (resolution) => {
        const { parent, name, stat } = resolution;
        if (stat && !stat.isDirectory())
          throw new WorkspaceError('NOT_A_DIRECTORY', `Not a directory: ${shown}`, { path: shown });
        const existing = name === null ? parent : stat ? await openDirectoryAt(pathAt(parent, name)) : null;
        try {
          // Plan and quota check first: a refused upload must not even leave its target folder behind.
          const toCreate = existing ? [] : [...resolution.missing, name!];
          const plan = await staging.plan(existing, options.overwrite ?? false);
          await scope.reserve({ bytes: plan.bytes, entries: plan.entries + toCreate.length });
          const target = existing ?? (await createDirectories(parent, toCreate, shown, ctx.settings.owner));
          try {
            scope.record({ bytes: 0, entries: toCreate.length });
            return await staging.apply(ctx.layout, target, plan, scope);
          } finally {
            if (target !== existing && target !== parent) await target.close();
          }
        } finally {
          if (existing && existing !== parent) await existing.close();
        }
      }),
    );
    return { path: shown, skipped, ...committed };
  } finally {
    await staging.discard();
  }
}

/** Uploads files (each path relative to `dirPath`), streamed in the order given. */
export function uploadFiles(
  ctx: WorkspaceContext,
  dirPath: string,
  files: Iterable<UploadFile> | AsyncIterable<UploadFile>,
  options: UploadOptions = {},
): Promise<UploadResult> {
  return stageAndCommit(ctx, dirPath, options, 'files', async (staging, base) => {
    for await (const file of files) {
      const segments = parseWorkspacePath(file.path);
      if (segments.length === 0)
        throw new WorkspaceError('INVALID_PATH', 'Invalid path: an uploaded file needs a name', { reason: 'empty' });
      if (Buffer.byteLength([...base, ...segments].join('/')) > MAX_PATH_BYTES) {
        throw new WorkspaceError('INVALID_PATH', `Invalid path: longer than ${MAX_PATH_BYTES} bytes`, { reason: 'too long' });
      }
      await staging.addFile(segments, file.content);
    }
    return { skipped: 0 };
  });
}

/** Extracts an archive streamed from `source` into `dirPath` (created if missing). */
export async function extractArchive(
  ctx: WorkspaceContext,
  dirPath: string,
  source: Readable,
  format: ArchiveFormat,
  options: UploadOptions = {},
): Promise<UploadResult> {
  try {
    if (format !== 'zip' && format !== 'tar' && format !== 'tar.gz') {
      throw new WorkspaceError('INVALID_ARGUMENT', 'Unsupported archive format (zip, tar or tar.gz)', { field: 'format' });
    }
    return await stageAndCommit(ctx, dirPath, options, 'archive', (staging, base, budget) =>
      format === 'zip'
        ? stageZip(source, ctx.layout.tmp, base, staging, budget, ctx.settings.upload.maxEntries)
        : stageTar(source, base, staging, budget),
    );
  } finally {
    source.destroy();
  }
}
