// The live channel's events in this process: received numbered from the bus, kept in a bounded
// history for clients resuming with their last id, and handed to the sockets subscribed to their
// session. Subscribing to a session starts the watching of its tree (file events).
import type { LiveEvent, LiveEvents } from '@coditect/api';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalEventBus, type EventBus, type NumberedEvent } from './event-bus';
import { sessionKey, type TreeWatching } from './tree-watching';
import type { PresenceListener, PresenceSharing, PresentUser } from './presence';

export type { NumberedEvent } from './event-bus';

export type EventListener = (event: NumberedEvent) => void;

export type { PresentUser } from './presence';

/** Longest a subscription waits for its session's watcher before answering. */
const WATCH_READY_WAIT_MS = 5_000;

export interface EventHubOptions {
  /** Events kept for resuming (default 1000). */
  historySize?: number;
  /** Where events are numbered (default: in this process). */
  bus?: EventBus;
  /** Who watches the trees of subscribed sessions (default: nobody, no file events). */
  trees?: TreeWatching;
  /** Other processes' followers (default: this process's alone). */
  presence?: PresenceSharing;
}

type Followers = Map<symbol, { user: PresentUser; listener: PresenceListener }>;

export class EventHub implements LiveEvents {
  readonly bus: EventBus;
  private readonly history: NumberedEvent[] = [];
  private readonly listeners = new Map<string, Set<EventListener>>();
  /** Settles once the session's watcher reports changes (or could not start). */
  private readonly watchesReady = new Map<string, Promise<void>>();
  private readonly historySize: number;
  /** Per session, each following socket's user and what it wants told when that set changes. */
  private readonly present = new Map<string, Followers>();
  private readonly observers = new Set<EventListener>();

  constructor(private readonly options: EventHubOptions = {}) {
    this.historySize = options.historySize ?? 1000;
    this.bus = options.bus ?? new LocalEventBus();
    this.bus.onEvent((event) => this.deliver(event));
    options.presence?.onPresence((tenantId, sessionId, users) => {
      for (const { listener } of this.present.get(sessionKey(tenantId, sessionId))?.values() ?? []) listener(users);
    });
  }

  publish(event: LiveEvent): void {
    this.bus.publish(event);
  }

  observe(listener: EventListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  private deliver(numbered: NumberedEvent): void {
    this.history.push(numbered);
    if (this.history.length > this.historySize) this.history.shift();
    for (const observer of this.observers) observer(numbered);
    for (const listener of this.listeners.get(sessionKey(numbered.tenant_id, numbered.session_id)) ?? []) listener(numbered);
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
      const trees = this.options.trees;
      if (trees)
        this.watchesReady.set(
          key,
          trees.watch(tenantId, sessionId).catch(() => undefined),
        );
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) {
        this.listeners.delete(key);
        this.watchesReady.delete(key);
        this.options.trees?.unwatch(tenantId, sessionId);
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
    this.followersChanged(tenantId, sessionId, followers);
    return () => {
      if (!followers.delete(token)) return;
      if (followers.size === 0) this.present.delete(key);
      this.followersChanged(tenantId, sessionId, followers);
    };
  }

  /** Tells the session's followers who follows it: here, or (sharing) once everyone's are merged. */
  private followersChanged(tenantId: string, sessionId: string, followers: Followers): void {
    const users = new Map<string, PresentUser>();
    for (const { user } of followers.values()) users.set(user.user_id, user);
    const list = [...users.values()].sort((a, b) => a.full_name.localeCompare(b.full_name));
    if (this.options.presence) this.options.presence.share(tenantId, sessionId, list);
    else for (const { listener } of followers.values()) listener(list);
  }

  /** Resolves once file changes of a subscribed session are being reported. */
  watching(tenantId: string, sessionId: string): Promise<void> {
    const ready = this.watchesReady.get(sessionKey(tenantId, sessionId));
    if (!ready) return Promise.resolve();
    // A very large tree takes long to watch: the subscription does not wait for it forever.
    return Promise.race([ready, sleep(WATCH_READY_WAIT_MS, undefined, { ref: false })]);
  }

  async close(): Promise<void> {
    this.options.trees?.close();
    this.listeners.clear();
    this.watchesReady.clear();
    this.bus.close();
    await this.options.presence?.withdraw?.();
  }
}
