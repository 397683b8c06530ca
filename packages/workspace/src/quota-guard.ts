// Decides whether a change fits the workspace's and the tenant's quotas; called before anything
// is written, so a refused operation leaves the tree as it was.
import type { WorkspaceQuotas } from './workspace-options';
import { quotaExceeded } from './workspace-error';
import type { WorkspaceUsage } from './usage-record';

export interface UsageChange {
  /** Bytes added (negative when freed). */
  bytes: number;
  /** Entries added (negative when removed). */
  entries: number;
  /** The largest single file the change writes, if any. */
  largestFile?: number;
}

export function assertFileSize(quotas: WorkspaceQuotas, size: number): void {
  if (size > quotas.fileBytes) throw quotaExceeded({ limit: 'file_bytes', used: 0, requested: size, max: quotas.fileBytes });
}

/**
 * Throws QUOTA_EXCEEDED naming the first limit `change` would break. Changes that only shrink a
 * figure always pass, so a workspace already over its quota (a terminal filled it) can be cleaned.
 * `otherWorkspaces` (the tenant's other workspaces' usage) is read at most once, and only when a
 * tenant limit is finite and its figure grows.
 */
export async function assertWithinQuota(
  quotas: WorkspaceQuotas,
  usage: WorkspaceUsage,
  change: UsageChange,
  otherWorkspaces: () => Promise<WorkspaceUsage>,
): Promise<void> {
  if (change.largestFile !== undefined) assertFileSize(quotas, change.largestFile);
  if (change.bytes > 0 && usage.bytes + change.bytes > quotas.workspaceBytes) {
    throw quotaExceeded({ limit: 'workspace_bytes', used: usage.bytes, requested: change.bytes, max: quotas.workspaceBytes });
  }
  if (change.entries > 0 && usage.entries + change.entries > quotas.workspaceEntries) {
    throw quotaExceeded({
      limit: 'workspace_entries',
      used: usage.entries,
      requested: change.entries,
      max: quotas.workspaceEntries,
    });
  }
  const checkBytes = change.bytes > 0 && Number.isFinite(quotas.tenantBytes);
  const checkEntries = change.entries > 0 && Number.isFinite(quotas.tenantEntries);
  if (!checkBytes && !checkEntries) return;
  const others = await otherWorkspaces();
  if (checkBytes) {
    const used = others.bytes + usage.bytes;
    if (used + change.bytes > quotas.tenantBytes) {
      throw quotaExceeded({ limit: 'tenant_bytes', used, requested: change.bytes, max: quotas.tenantBytes });
    }
  }
  if (checkEntries) {
    const used = others.entries + usage.entries;
    if (used + change.entries > quotas.tenantEntries) {
      throw quotaExceeded({ limit: 'tenant_entries', used, requested: change.entries, max: quotas.tenantEntries });
    }
  }
}
