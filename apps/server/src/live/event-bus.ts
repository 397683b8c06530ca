// Where the live channel's events are numbered and how they reach every process that serves
// sockets. One process numbers its own (LocalEventBus). With WORKERS above 1 the workers hand their
// events to the cluster primary, which numbers them and sends each to every worker
// (ClusterWorkerBus here, ClusterEventRelay in cluster-event-relay.ts). With REDIS_URL every
// process publishes through Redis, which numbers them for all machines (RedisEventBus).
import type { LiveEvent } from '@coditect/api';

export interface NumberedEvent extends LiveEvent {
  id: string;
}

export interface EventBus {
  /** Hands a new event over; it comes back numbered through the receiver, in every process on the bus. */
  publish(event: LiveEvent): void;
  /** The one receiver of numbered events in this process. */
  onEvent(receiver: (event: NumberedEvent) => void): void;
  close(): void;
}

/** Events of this process only, numbered and delivered at once (in the publisher's own call). */
export class LocalEventBus implements EventBus {
  private sequence = 0;
  private readonly bootId = Date.now().toString(36);
  private receiver: (event: NumberedEvent) => void = () => {};

  publish(event: LiveEvent): void {
    this.sequence += 1;
    this.receiver({ ...event, id: `${this.bootId}-${this.sequence}` });
  }

  onEvent(receiver: (event: NumberedEvent) => void): void {
    this.receiver = receiver;
  }

  close(): void {}
}
