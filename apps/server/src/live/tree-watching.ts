// File events come from watching the trees of sessions someone subscribes to. One process per
// machine watches a tree (this one alone, or the cluster primary for its workers: a change is then
// reported once however many workers have subscribers), and publishes what changes on the bus.
import type { LiveEvent, Workspaces } from '@coditect/api';
import { isWorkspaceError, type WatchSubscription } from '@coditect/workspace';

export interface TreeWatching {
  /**
   * Starts reporting the session's file changes (making its tree when it has none yet, so its first
   * file is seen too); settles once they are reported, or the watcher could not start.
   */
  watch(tenantId: string, sessionId: string): Promise<void>;
  unwatch(tenantId: string, sessionId: string): void;
  close(): void;
}

export const sessionKey = (tenantId: string, sessionId: string) => `${tenantId}/${sessionId}`;

/** Watches trees in this process; `publish` gets each change as a `file.*` event. */
export class LocalTreeWatching implements TreeWatching {
  private readonly watches = new Map<string, WatchSubscription>();
  /** Sessions asked for and not yet released, each with its watcher's start (it may outlive the wish). */
  private readonly wanted = new Map<string, Promise<void>>();

  constructor(
    private readonly workspaces: Workspaces | undefined,
    private readonly publish: (event: LiveEvent) => void,
  ) {}

  watch(tenantId: string, sessionId: string): Promise<void> {
    const key = sessionKey(tenantId, sessionId);
    let started = this.wanted.get(key);
    if (!started) {
      started = this.start(tenantId, sessionId, key);
      this.wanted.set(key, started);
    }
    return started;
  }

  private async start(tenantId: string, sessionId: string, key: string): Promise<void> {
    const root = this.workspaces?.root;
    if (!root) return;
    const ref = { tenantId, workspaceId: sessionId };
    try {
      if (!(await root.exists(ref))) {
        await root.create(ref).catch((error: unknown) => {
          if (!isWorkspaceError(error, 'ALREADY_EXISTS')) throw error;
        });
      }
      if (!this.wanted.has(key) || this.watches.has(key)) return;
      const subscription = root.files(ref).watch((changes) => {
        for (const change of changes) {
          this.publish({
            tenant_id: tenantId,
            session_id: sessionId,
            type: `file.${change.kind}`,
            data: { path: change.path, entry_type: change.type },
          });
        }
      });
      this.watches.set(key, subscription);
      await subscription.ready;
    } catch {
      // A watcher that cannot start leaves the session without file events, not without the rest.
    }
  }

  unwatch(tenantId: string, sessionId: string): void {
    const key = sessionKey(tenantId, sessionId);
    this.wanted.delete(key);
    this.watches.get(key)?.close();
    this.watches.delete(key);
  }

  close(): void {
    for (const watch of this.watches.values()) watch.close();
    this.watches.clear();
    this.wanted.clear();
  }
}
