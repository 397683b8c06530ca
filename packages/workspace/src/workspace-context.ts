// What every operation on one workspace needs (settings, layout), and `mutate`: the frame every
// change runs in. It holds the workspace lock, loads the usage record, lets the operation reserve
// quota before writing, and saves the usage record with what the operation actually changed.
import type { WorkspaceLayout } from './workspace-layout';
import type { WorkspaceQuotas, WorkspaceSettings } from './workspace-options';
import { withWorkspaceLock } from './workspace-lock';
import { assertWithinQuota, type UsageChange } from './quota-guard';
import { loadUsage, otherWorkspacesUsage, saveUsageRecord, type UsageRecord } from './usage-record';
import { sweepMeta } from './meta-area';

export interface WorkspaceContext {
  settings: WorkspaceSettings;
  layout: WorkspaceLayout;
  /** Called after each mutation (successful or not), e.g. to drop cached file lists. */
  onMutation(): void;
}

export interface MutationScope {
  quotas: WorkspaceQuotas;
  /** Usage at the start of the operation plus what it recorded so far. */
  usage(): UsageRecord;
  /** Throws QUOTA_EXCEEDED if `change` would break a limit; call before writing. */
  reserve(change: UsageChange): Promise<void>;
  /** Adds a change that was made to the usage record. */
  record(change: UsageChange): void;
}

export async function mutate<T>(ctx: WorkspaceContext, operation: (scope: MutationScope) => Promise<T>): Promise<T> {
  const { settings, layout } = ctx;
  return withWorkspaceLock(layout.lockFile, { timeoutMs: settings.lockTimeoutMs, staleMs: settings.lockStaleMs }, async () => {
    const { record: start, rescanned } = await loadUsage(layout, settings.usageMaxAgeMs);
    if (rescanned) await sweepMeta(layout);
    const quotas = await settings.quotas(layout.ref);
    const delta = { bytes: 0, entries: 0 };
    const usage = (): UsageRecord => ({
      ...start,
      bytes: Math.max(0, start.bytes + delta.bytes),
      entries: Math.max(0, start.entries + delta.entries),
    });
    const scope: MutationScope = {
      quotas,
      usage,
      reserve: (change) => assertWithinQuota(quotas, usage(), change, () => otherWorkspacesUsage(layout)),
      record(change) {
        delta.bytes += change.bytes;
        delta.entries += change.entries;
      },
    };
    try {
      return await operation(scope);
    } finally {
      if (delta.bytes !== 0 || delta.entries !== 0)
        await saveUsageRecord(layout, { ...usage(), updated_at: new Date().toISOString() });
      ctx.onMutation();
    }
  });
}
