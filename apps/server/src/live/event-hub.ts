// The live channel's events in this process: numbered as they are published, kept in a bounded
// history for clients resuming with their last id, and handed to the sockets subscribed to their
// session. File events come from watching the trees of sessions someone here subscribes to; a
// session without a tree yet gets one then, so its first file is seen too.
import type { LiveEvent, LiveEvents, Workspaces } from '@coditect/api';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWorkspaceError, type WatchSubscription } from '@coditect/workspace';

export interface NumberedEvent extends LiveEvent {
  id: string;
}

export type EventListener = (event: NumberedEvent) => void;

/** Someone following a session on the live channel. */
export interface PresentUser {
  user_id: string;
  full_name: string;
}

/** Who follows a session now (each user once, however many tabs), for presence frames. */
export type PresenceListener = (users: PresentUser[]) => void;

/** Longest a subscription waits for its session's watcher before answering. */
const WATCH_READY_WAIT_MS = 5_000;

const sessionKey = (tenantId: string, sessionId: string) => `${tenantId}/${sessionId}`;

export interface EventHubOptions {
  /** Events kept for resuming (default 1000). */
  historySize?: number;
  workspaces?: Workspaces;
}

export class EventHub implements LiveEvents {
  private sequence = 0;
  private readonly bootId = Date.now().toString(36);
  private readonly history: NumberedEvent[] = [];
  private readonly listeners = new Map<string, Set<EventListener>>();
  private readonly watches = new Map<string, WatchSubscription>();
  /** Settles once the session's watcher reports changes (or could not start). */
  private readonly watchesReady = new Map<string, Promise<void>>();
  private readonly historySize: number;
  /** Per session, each following socket's user and what it wants told when that set changes. */
  private readonly present = new Map<string, Map<symbol, { user: PresentUser; listener: PresenceListener }>>();

  constructor(private readonly options: EventHubOptions = {}) {
    this.historySize = options.historySize ?? 1000;
  }

  publish(event: LiveEvent): void {
    this.sequence += 1;
    const numbered: NumberedEvent = { ...event, id: `${this.bootId}-${this.sequence}` };
    this.history.push(numbered);
    if (this.history.length > this.historySize) this.history.shift();
    for (const listener of this.listeners.get(sessionKey(event.tenant_id, event.session_id)) ?? []) listener(numbered);
  }

  /**
   * The session's events after `lastEventId`, or undefined when that id is no longer (or never
   * was) in the history — the client then reloads instead of trusting a gap.
   */
  since(tenantId: string, sessionId: string, lastEventId: string): NumberedEvent[] | undefined {
    const index = this.history.findIndex((event) => event.id === lastEventId);
    if (index === -1) return undefined;
    return this.history.slice(index + 1).filter((event) => event.tenant_id === tenantId && event.session_id === sessionId);
  }

  subscribe(tenantId: string, sessionId: string, listener: EventListener): () => void {
    const key = sessionKey(tenantId, sessionId);
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      this.watch(tenantId, sessionId);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) {
        this.listeners.delete(key);
        this.watches.get(key)?.close();
        this.watches.delete(key);
        this.watchesReady.delete(key);
      }
    };
  }

  /**
   * Counts `user` as following the session until the returned function is called; everyone
   * following it (`user` included) is told who does, now and at every change.
   */
  join(tenantId: string, sessionId: string, user: PresentUser, listener: PresenceListener): () => void {
    const key = sessionKey(tenantId, sessionId);
    let followers = this.present.get(key);
    if (!followers) {
      followers = new Map();
      this.present.set(key, followers);
    }
    const token = Symbol(user.user_id);
    followers.set(token, { user, listener });
    this.tellPresence(followers);
    return () => {
      if (!followers.delete(token)) return;
      if (followers.size === 0) this.present.delete(key);
      else this.tellPresence(followers);
    };
  }

  private tellPresence(followers: Map<symbol, { user: PresentUser; listener: PresenceListener }>): void {
    const users = new Map<string, PresentUser>();
    for (const { user } of followers.values()) users.set(user.user_id, user);
    const list = [...users.values()].sort((a, b) => a.full_name.localeCompare(b.full_name));
    for (const { listener } of followers.values()) listener(list);
  }

  /** Resolves once file changes of a subscribed session are being reported. */
  watching(tenantId: string, sessionId: string): Promise<void> {
    const ready = this.watchesReady.get(sessionKey(tenantId, sessionId));
    if (!ready) return Promise.resolve();
    // A very large tree takes long to watch: the subscription does not wait for it forever.
    return Promise.race([ready, sleep(WATCH_READY_WAIT_MS, undefined, { ref: false })]);
  }

  private watch(tenantId: string, sessionId: string): void {
    const root = this.options.workspaces?.root;
    if (!root) return;
    const ref = { tenantId, workspaceId: sessionId };
    const key = sessionKey(tenantId, sessionId);
    const ensureTree = async () => {
      if (await root.exists(ref)) return;
      await root.create(ref).catch((error: unknown) => {
        if (!isWorkspaceError(error, 'ALREADY_EXISTS')) throw error;
      });
    };
    const ready = ensureTree().then(async () => {
      if (!this.listeners.has(key) || this.watches.has(key)) return;
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
    });
    // A watcher that cannot start leaves the session without file events, not without the rest.
    this.watchesReady.set(
      key,
      ready.catch(() => undefined),
    );
  }

  close(): void {
    for (const watch of this.watches.values()) watch.close();
    this.watches.clear();
    this.listeners.clear();
  }
}
