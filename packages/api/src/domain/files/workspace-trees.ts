// A session's tree through the session's life. It is created on first use (session-files.ts);
// here it is copied by a fork and removed with its session. File-system work cannot join a store
// transaction, so the order is chosen for what a crash or failure leaves behind: a fork copies the
// tree before it records the child (a failed copy records nothing; a failed record removes the
// copy), and a delete removes the record before the tree. Either way the worst leftover is a tree
// without a session, which the orphan sweep (orphan-workspaces.ts) removes; never a session whose
// files silently went missing.
import { isWorkspaceError } from '@coditect/workspace';
import { AppError } from '../../errors/app-error';
import { workspaceRef, type Workspaces } from './workspaces';

/**
 * Copies the parent's tree to the child's (a new id: it cannot exist); false when the parent never
 * had one. The copy counts against the tenant's and the child's quotas: QUOTA_EXCEEDED when it
 * does not fit. Anything else the file system says is the server's trouble.
 */
export async function forkTree(workspaces: Workspaces, tenantId: string, parentId: string, childId: string): Promise<boolean> {
  try {
    await workspaces.root.fork(workspaceRef(tenantId, parentId), workspaceRef(tenantId, childId));
    return true;
  } catch (error) {
    if (isWorkspaceError(error, 'NOT_FOUND')) return false;
    if (isWorkspaceError(error, 'QUOTA_EXCEEDED')) throw new AppError('QUOTA_EXCEEDED', error.message, error.details);
    if (isWorkspaceError(error, 'BUSY')) throw new AppError('SERVICE_UNAVAILABLE', 'The workspace is busy; try again shortly');
    throw error;
  }
}

/** Removes a child's copied tree when recording the child failed. */
export async function discardTree(workspaces: Workspaces, tenantId: string, sessionId: string): Promise<void> {
  await removeTree(workspaces, tenantId, sessionId);
}

/**
 * Removes a session's tree after its record is gone. Failure does not fail the caller (the session
 * is already deleted): it is reported, and the orphan sweep finds the tree later.
 */
export async function removeTree(workspaces: Workspaces, tenantId: string, sessionId: string): Promise<void> {
  const ref = workspaceRef(tenantId, sessionId);
  try {
    await workspaces.root.remove(ref);
  } catch (error) {
    if (isWorkspaceError(error, 'NOT_FOUND')) return;
    workspaces.onCleanupFailure(error, ref);
  }
}
