// The live channel across the workers of one machine (WORKERS above 1), over node:cluster's IPC.
// Workers hand their events up and the primary numbers each and sends it to every worker, so ids
// and histories agree whichever worker a tab reconnects to (with REDIS_URL the workers publish
// and share presence through Redis instead, and only tree watching goes through the primary). The
// primary watches the trees workers' tabs subscribe to (one watcher per tree however many workers
// ask) and merges the workers' followers of each session into one presence list.
import cluster, { type Worker } from 'node:cluster';
import type { LiveEvent } from '@coditect/api';
import type { EventBus, NumberedEvent } from './event-bus';
import type { PresenceSharing, PresentUser } from './presence';
import { sessionKey, type TreeWatching } from './tree-watching';
import { isClusterMessage, sendToEveryWorker } from '../cluster-messages';

type ToPrimary =
  | { coditect: 'live.publish'; event: LiveEvent }
  | { coditect: 'live.watch'; seq: number; tenant_id: string; session_id: string }
  | { coditect: 'live.unwatch'; tenant_id: string; session_id: string }
  | { coditect: 'live.presence'; tenant_id: string; session_id: string; users: PresentUser[] };

type ToWorker =
  | { coditect: 'live.event'; event: NumberedEvent }
  | { coditect: 'live.watching'; seq: number }
  | { coditect: 'live.presence'; tenant_id: string; session_id: string; users: PresentUser[] };

function toPrimary(message: ToPrimary): void {
  // A worker whose primary is gone is about to be stopped; nothing to hand over meanwhile.
  if (process.connected) process.send!(message);
}

/** A worker's side of everything above. */
export class ClusterWorkerLive implements EventBus, TreeWatching, PresenceSharing {
  private receiver: (event: NumberedEvent) => void = () => {};
  private presenceReceiver: (tenantId: string, sessionId: string, users: PresentUser[]) => void = () => {};
  private readonly watchesStarting = new Map<number, () => void>();
  private nextSeq = 1;
  private readonly onMessage = (message: unknown) => {
    if (!isClusterMessage<ToWorker>(message)) return;
    if (message.coditect === 'live.event') this.receiver(message.event);
    else if (message.coditect === 'live.presence') this.presenceReceiver(message.tenant_id, message.session_id, message.users);
    else if (message.coditect === 'live.watching') {
      this.watchesStarting.get(message.seq)?.();
      this.watchesStarting.delete(message.seq);
    }
  };

  constructor() {
    process.on('message', this.onMessage);
  }

  publish(event: LiveEvent): void {
    toPrimary({ coditect: 'live.publish', event });
  }

  onEvent(receiver: (event: NumberedEvent) => void): void {
    this.receiver = receiver;
  }

  watch(tenantId: string, sessionId: string): Promise<void> {
    if (!process.connected) return Promise.resolve();
    const seq = this.nextSeq++;
    return new Promise((resolve) => {
      this.watchesStarting.set(seq, resolve);
      toPrimary({ coditect: 'live.watch', seq, tenant_id: tenantId, session_id: sessionId });
    });
  }

  unwatch(tenantId: string, sessionId: string): void {
    toPrimary({ coditect: 'live.unwatch', tenant_id: tenantId, session_id: sessionId });
  }

  share(tenantId: string, sessionId: string, users: PresentUser[]): void {
    toPrimary({ coditect: 'live.presence', tenant_id: tenantId, session_id: sessionId, users });
  }

  onPresence(receiver: (tenantId: string, sessionId: string, users: PresentUser[]) => void): void {
    this.presenceReceiver = receiver;
  }

  close(): void {
    process.off('message', this.onMessage);
    for (const resolve of this.watchesStarting.values()) resolve();
    this.watchesStarting.clear();
  }
}

export interface ClusterLiveRelayOptions {
  /**
   * Where workers' events are numbered: the primary's own bus (in-process numbering), or Redis —
   * then workers publish there themselves and this relay only forwards what the primary publishes.
   */
  bus: EventBus;
  /** Sends numbered events on to every worker (false when workers hear the bus themselves). */
  relayEvents: boolean;
  trees: TreeWatching;
}

/** The primary's side: numbering and fan-out, one watcher per tree, merged presence. */
export class ClusterLiveRelay {
  /** Per session, the workers whose tabs subscribe to it. */
  private readonly watchers = new Map<string, Set<number>>();
  /** Per session, each worker's followers. */
  private readonly followers = new Map<string, Map<number, PresentUser[]>>();

  constructor(private readonly options: ClusterLiveRelayOptions) {
    if (options.relayEvents) options.bus.onEvent((event) => this.broadcast({ coditect: 'live.event', event }));
    cluster.on('message', (worker, message) => this.receive(worker, message));
    cluster.on('exit', (worker) => this.forget(worker.id));
  }

  private receive(worker: Worker, message: unknown): void {
    if (!isClusterMessage<ToPrimary>(message)) return;
    switch (message.coditect) {
      case 'live.publish':
        return this.options.bus.publish(message.event);
      case 'live.watch': {
        const key = sessionKey(message.tenant_id, message.session_id);
        let workers = this.watchers.get(key);
        if (!workers) this.watchers.set(key, (workers = new Set()));
        workers.add(worker.id);
        void this.options.trees.watch(message.tenant_id, message.session_id).then(() => {
          if (worker.isConnected()) worker.send({ coditect: 'live.watching', seq: message.seq } satisfies ToWorker);
        });
        return;
      }
      case 'live.unwatch':
        return this.release(worker.id, message.tenant_id, message.session_id);
      case 'live.presence':
        return this.setFollowers(worker.id, message.tenant_id, message.session_id, message.users);
    }
  }

  private release(workerId: number, tenantId: string, sessionId: string): void {
    const key = sessionKey(tenantId, sessionId);
    const workers = this.watchers.get(key);
    if (!workers?.delete(workerId) || workers.size > 0) return;
    this.watchers.delete(key);
    this.options.trees.unwatch(tenantId, sessionId);
  }

  private setFollowers(workerId: number, tenantId: string, sessionId: string, users: PresentUser[]): void {
    const key = sessionKey(tenantId, sessionId);
    let perWorker = this.followers.get(key);
    if (!perWorker) this.followers.set(key, (perWorker = new Map()));
    if (users.length > 0) perWorker.set(workerId, users);
    else perWorker.delete(workerId);
    const merged = new Map<string, PresentUser>();
    for (const list of perWorker.values()) for (const user of list) merged.set(user.user_id, user);
    if (perWorker.size === 0) this.followers.delete(key);
    const everyone = [...merged.values()].sort((a, b) => a.full_name.localeCompare(b.full_name));
    this.broadcast({ coditect: 'live.presence', tenant_id: tenantId, session_id: sessionId, users: everyone });
  }

  /** A worker that ended follows and watches nothing any more. */
  private forget(workerId: number): void {
    for (const key of [...this.watchers.keys()]) {
      const [tenantId, sessionId] = key.split('/') as [string, string];
      this.release(workerId, tenantId, sessionId);
    }
    for (const [key, perWorker] of [...this.followers]) {
      if (!perWorker.has(workerId)) continue;
      const [tenantId, sessionId] = key.split('/') as [string, string];
      this.setFollowers(workerId, tenantId, sessionId, []);
    }
  }

  private broadcast(message: ToWorker): void {
    sendToEveryWorker(message);
  }
}
