// What the files domain needs from the process: the directory of workspace trees (each session
// owns <tenant>/<session>/tree below it) and the limits the server was configured with.
import type { WorkspaceRef, WorkspaceRoot } from '@coditect/workspace';

export interface Workspaces {
  root: WorkspaceRoot;
  /** Largest file read or written whole through JSON (the editor); larger ones go raw. */
  maxEditBytes: number;
  /** Largest folder (bytes of its files) a .zip download holds. */
  maxDownloadBytes: number;
  /** A tree that could not be removed with its session; the orphan sweep removes it later. */
  onCleanupFailure(error: unknown, ref: WorkspaceRef): void;
}

/** A session's workspace: the session id names it inside its tenant. */
export function workspaceRef(tenantId: string, sessionId: string): WorkspaceRef {
  return { tenantId, workspaceId: sessionId };
}
