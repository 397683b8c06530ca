// The files of one of the caller's sessions. A session's tree is created on first use rather than
// with the session: most sessions (API clients, the seed's flows) never touch files, and creating
// a session stays one store write. The session is checked in the store first, so another user's
// or tenant's session id answers SESSION_NOT_FOUND like a missing one, before any disk access.
import { isWorkspaceError, type WorkspaceFiles } from '@coditect/workspace';
import type { CallerContext } from '../identity/identity-context';
import { requireAccessible, requireOwned } from '../sessions/owned-session';
import { onWorkspace } from './workspace-failure';
import { workspaceRef, type Workspaces } from './workspaces';

export interface FilesContext extends CallerContext {
  deps: { now: () => Date; workspaces: Workspaces };
}

/** The files of a session the caller may `need` them of: their own, or one shared with them. */
export async function sessionFiles(context: FilesContext, sessionId: string, need: 'read' | 'write'): Promise<WorkspaceFiles> {
  await context.tenant.transact((tx) => requireAccessible(tx, context.auth, sessionId, need));
  return sessionTree(context.deps.workspaces, context.auth.tenantId, sessionId);
}

/** The files of a session already checked to be the caller's, its tree made on first use. */
export async function sessionTree(workspaces: Workspaces, tenantId: string, sessionId: string): Promise<WorkspaceFiles> {
  return onWorkspace(ensureTree(workspaces, tenantId, sessionId));
}

/**
 * The host path of one of the caller's sessions' trees, created on first use — for the terminals,
 * which need the directory, not file operations. Creating a tree fails only on a disk problem,
 * which reaches the client as an internal error.
 */
export async function sessionTreePath(context: FilesContext, sessionId: string): Promise<string> {
  await context.tenant.transact((tx) => requireOwned(tx, context.auth, sessionId));
  return (await ensureTree(context.deps.workspaces, context.auth.tenantId, sessionId)).treePath;
}

async function ensureTree(workspaces: Workspaces, tenantId: string, sessionId: string): Promise<WorkspaceFiles> {
  const { root } = workspaces;
  const ref = workspaceRef(tenantId, sessionId);
  if (!(await root.exists(ref))) {
    // Two first uses at once: one creates it, the other finds it made.
    await root.create(ref).catch((error: unknown) => {
      if (!isWorkspaceError(error, 'ALREADY_EXISTS')) throw error;
    });
  }
  return root.files(ref);
}
