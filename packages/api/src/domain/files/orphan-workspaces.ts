// Trees without a session: left by a delete whose tree removal failed or was interrupted, a fork
// that stopped between copying and recording, or a first use racing a delete. Found by reading
// each tree's session record straight from the store (infrastructure: the raw store, like the
// consistency checks); removed by the start-up sweep, reported by `pnpm check-store`.
import type { KvStore } from '@coditect/store';
import type { WorkspaceRef, WorkspaceRoot } from '@coditect/workspace';
import { tenantView } from '../../storage/tenant-scope';

/** Trees younger than this are left alone: a fork copies its tree just before it records the child. */
export const ORPHAN_GRACE_MS = 10 * 60_000;

export async function findOrphanWorkspaces(
  store: KvStore,
  root: WorkspaceRoot,
  options: { graceMs?: number; now?: number } = {},
): Promise<WorkspaceRef[]> {
  const graceMs = options.graceMs ?? ORPHAN_GRACE_MS;
  const now = options.now ?? Date.now();
  const orphans: WorkspaceRef[] = [];
  for await (const workspace of root.list()) {
    if (now - workspace.changedAtMs < graceMs) continue;
    const { tenantId, workspaceId } = workspace.ref;
    const session = await store.transact((tx) =>
      tenantView(tx, tenantId).get<{ session_id: string }>(['ws_session', workspaceId]),
    );
    if (!session) orphans.push(workspace.ref);
  }
  return orphans;
}

/** Removes the orphans found now; returns those removed and those that could not be. */
export async function sweepOrphanWorkspaces(
  store: KvStore,
  root: WorkspaceRoot,
): Promise<{ removed: WorkspaceRef[]; failed: Array<{ ref: WorkspaceRef; error: unknown }> }> {
  const removed: WorkspaceRef[] = [];
  const failed: Array<{ ref: WorkspaceRef; error: unknown }> = [];
  for (const ref of await findOrphanWorkspaces(store, root)) {
    try {
      await root.remove(ref);
      removed.push(ref);
    } catch (error) {
      failed.push({ ref, error });
    }
  }
  return { removed, failed };
}
