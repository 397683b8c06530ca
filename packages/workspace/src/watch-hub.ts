// Shares one TreeWatcher among all subscribers of a workspace (several tabs, the agent), and
// stops it when the last one unsubscribes.
import { TreeWatcher, type WatchEvent } from './tree-watcher';
import { WorkspaceError } from './workspace-error';

export interface WatchOptions {
  /** Called once if the workspace is too large to watch completely (some changes will be missed). */
  onLimit?: (reason: string) => void;
}

export interface WatchSubscription {
  /** Settles once the tree is being watched: changes after this are reported. Rejects with NOT_FOUND for a missing workspace. */
  readonly ready: Promise<void>;
  /** Stops this subscription (idempotent); the watcher stops with its last subscriber. */
  close(): void;
}

interface Subscriber {
  onEvents(events: WatchEvent[]): void;
  onLimit?: (reason: string) => void;
}

interface Shared {
  watcher: TreeWatcher;
  subscribers: Set<Subscriber>;
  limitReason: string | null;
}

function deliver(fn: () => void): void {
  try {
    fn();
  } catch {
    // One subscriber's failure must not stop the others.
  }
}

export class WatchHub {
  private readonly shared = new Map<string, Shared>();

  constructor(private readonly settings: { debounceMs: number; maxDirectories: number }) {}

  subscribe(
    key: string,
    treePath: string,
    onEvents: (events: WatchEvent[]) => void,
    options: WatchOptions = {},
  ): WatchSubscription {
    let entry = this.shared.get(key);
    if (!entry) {
      const created: Shared = {
        subscribers: new Set(),
        limitReason: null,
        watcher: new TreeWatcher(treePath, {
          ...this.settings,
          onEvents: (events) => {
            for (const subscriber of created.subscribers) deliver(() => subscriber.onEvents(events));
          },
          onLimit: (reason) => {
            created.limitReason = reason;
            for (const subscriber of created.subscribers) deliver(() => subscriber.onLimit?.(reason));
          },
        }),
      };
      entry = created;
      this.shared.set(key, entry);
    }
    const shared = entry;
    const subscriber: Subscriber = { onEvents, ...(options.onLimit ? { onLimit: options.onLimit } : {}) };
    shared.subscribers.add(subscriber);
    if (shared.limitReason !== null) deliver(() => subscriber.onLimit?.(shared.limitReason!));
    const close = () => {
      if (!shared.subscribers.delete(subscriber)) return;
      if (shared.subscribers.size === 0 && this.shared.get(key) === shared) {
        shared.watcher.close();
        this.shared.delete(key);
      }
    };
    const ready = shared.watcher.ready.catch((error: unknown) => {
      close();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
      throw new WorkspaceError('IO_ERROR', 'Cannot watch the workspace', undefined, { cause: error });
    });
    // A caller that never awaits `ready` must not crash the process with an unhandled rejection.
    ready.catch(() => undefined);
    return { ready, close };
  }

  /** Stops the watcher of one workspace (it is being removed), or of all. */
  close(key?: string): void {
    for (const [entryKey, entry] of this.shared) {
      if (key !== undefined && entryKey !== key) continue;
      entry.watcher.close();
      entry.subscribers.clear();
      this.shared.delete(entryKey);
    }
  }

  /** Workspaces watched right now and the directories watched in total (for metrics and tests). */
  stats(): { workspaces: number; directories: number } {
    let directories = 0;
    for (const entry of this.shared.values()) directories += entry.watcher.watchedDirectories;
    return { workspaces: this.shared.size, directories };
  }
}
