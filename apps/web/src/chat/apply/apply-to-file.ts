// Applying a code block to a workspace file: read what the file holds now (nothing, for a new
// file) with its etag, show the difference, and write only over that version. A conflict (someone
// changed the file since) gives the new version to diff against; nothing is overwritten unseen.
import { FilesError, parentOf, type WorkspaceFiles } from '../../workspace/workspace-files';

export interface ApplyPlan {
  path: string;
  /** The file's text when it was read; '' for a file that does not exist yet. */
  current: string;
  /** null: the file does not exist, and is created only if it still does not. */
  etag: string | null;
  proposed: string;
}

export type ApplyOutcome = { status: 'written'; etag: string } | { status: 'conflict'; plan: ApplyPlan };

export class NotTextError extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a text file`);
    this.name = 'NotTextError';
  }
}

export async function planApply(files: WorkspaceFiles, path: string, proposed: string): Promise<ApplyPlan> {
  try {
    const file = await files.read(path);
    if (file.encoding !== 'utf-8') throw new NotTextError(path);
    return { path, current: file.content, etag: file.etag, proposed };
  } catch (error) {
    if (error instanceof FilesError && error.code === 'FILE_NOT_FOUND') return { path, current: '', etag: null, proposed };
    throw error;
  }
}

export async function acceptApply(files: WorkspaceFiles, plan: ApplyPlan): Promise<ApplyOutcome> {
  try {
    if (plan.etag === null && parentOf(plan.path)) await files.mkdir(parentOf(plan.path));
    const result = await files.write(plan.path, plan.proposed, plan.etag, { onlyIfMissing: plan.etag === null });
    if (result.status === 'written') return result;
  } catch (error) {
    // A new file someone else created meanwhile is a conflict like any other.
    if (!(error instanceof FilesError && error.code === 'ALREADY_EXISTS')) throw error;
  }
  return { status: 'conflict', plan: await planApply(files, plan.path, plan.proposed) };
}

/** The code to write: a block's "// file: path" first line names the file and is not part of it. */
export function codeForFile(code: string, namedByFirstLine: boolean): string {
  const body = namedByFirstLine ? code.slice(code.indexOf('\n') + 1) : code;
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** The file a block is offered for: the one it names, else the file open in the editor. */
export function suggestApplyPath(namedPath: string | null, activeFile: string | null): string {
  return namedPath ?? activeFile ?? '';
}
