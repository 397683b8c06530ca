// Which bus, tree watching and presence a process's live channel uses (see event-bus.ts):
//   one process        — numbered here, trees watched here;
//   a cluster worker   — numbered by the primary (or Redis), trees watched and presence merged by the primary;
//   REDIS_URL          — numbered by Redis, and presence merged there, for every process of every machine.
import cluster from 'node:cluster';
import type { Workspaces } from '@coditect/api';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { ClusterLiveRelay, ClusterWorkerLive } from './cluster-live';
import { LocalEventBus, type EventBus } from './event-bus';
import { EventHub } from './event-hub';
import { RedisEventBus } from './redis-event-bus';
import { RedisPresence } from './redis-presence';
import { LocalTreeWatching } from './tree-watching';

export async function openLiveEvents(workspaces: Workspaces, redis: Redis | undefined, logger: Logger): Promise<EventHub> {
  const bus = redis ? await RedisEventBus.open(redis, logger) : undefined;
  const presence = redis ? await RedisPresence.open(redis, logger) : undefined;
  if (cluster.isWorker) {
    const shared = new ClusterWorkerLive();
    return new EventHub({ bus: bus ?? shared, trees: shared, presence: presence ?? shared });
  }
  const hub: EventHub = new EventHub({
    bus: bus ?? new LocalEventBus(),
    trees: new LocalTreeWatching(workspaces, (event) => hub.publish(event)),
    presence,
  });
  return hub;
}

export interface PrimaryLive {
  /** Publishes as the primary (terminal exits): numbered like the workers' events. */
  bus: EventBus;
  close(): Promise<void>;
}

/** The cluster primary's part: numbering and fan-out (without Redis), tree watching, presence. */
export async function startPrimaryLive(workspaces: Workspaces, redis: Redis | undefined, logger: Logger): Promise<PrimaryLive> {
  const bus: EventBus = redis ? await RedisEventBus.open(redis, logger) : new LocalEventBus();
  const trees = new LocalTreeWatching(workspaces, (event) => bus.publish(event));
  new ClusterLiveRelay({ bus, relayEvents: !redis, trees });
  return {
    bus,
    async close() {
      trees.close();
      bus.close();
    },
  };
}
