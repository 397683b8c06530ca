// Live events through Redis pub/sub (REDIS_URL): every process on every machine publishes there
// and hears everything. One script numbers and publishes each event atomically, so ids follow
// the order subscribers receive them in and are the same in every process (a tab may resume on
// any of them). While Redis is away a process still tells its own tabs, under ids of its own
// (a tab resuming elsewhere with one of those gets `reset`), and says so once in the log.
import type { LiveEvent } from '@coditect/api';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { LocalEventBus, type EventBus, type NumberedEvent } from './event-bus';

const CHANNEL = 'coditect:live';
const SEQUENCE_KEY = 'coditect:live:sequence';
/** Set once per Redis dataset: ids stay unique when a Redis without persistence restarts at 1. */
const EPOCH_KEY = 'coditect:live:epoch';

const NUMBER_AND_PUBLISH = `
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[2]
  redis.call('SET', KEYS[2], epoch)
end
local sequence = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', KEYS[3], epoch .. '-' .. sequence .. '\\n' .. ARGV[1])
return sequence`;

export class RedisEventBus implements EventBus {
  private receiver: (event: NumberedEvent) => void = () => {};
  private readonly fallback = new LocalEventBus();
  private failing = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
  ) {
    this.fallback.onEvent((event) => this.receiver({ ...event, id: `local-${event.id}` }));
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== CHANNEL) return;
      const event = parseMessage(message);
      if (event) this.receiver(event);
      else logger.warn({ channel }, 'ignored a live event from Redis that is not one');
    });
  }

  /** Subscribes on a second connection (a subscribed connection can do nothing else). */
  static async open(publisher: Redis, logger: Logger): Promise<RedisEventBus> {
    const subscriber = publisher.duplicate({
      // Unlike the rate limiters' connection, this one waits for Redis: the subscription is sent
      // once it is reachable, and again after every reconnection.
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      lazyConnect: false,
    });
    subscriber.on('error', () => undefined); // the publisher's connection reports Redis's state
    const bus = new RedisEventBus(publisher, subscriber, logger);
    await Promise.race([subscriber.subscribe(CHANNEL), new Promise((resolve) => setTimeout(resolve, 3000).unref())]).catch(
      () => undefined,
    );
    return bus;
  }

  publish(event: LiveEvent): void {
    const epoch = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    this.publisher.eval(NUMBER_AND_PUBLISH, 3, SEQUENCE_KEY, EPOCH_KEY, CHANNEL, JSON.stringify(event), epoch).then(
      () => {
        if (this.failing) this.logger.info('Redis is back: live events reach every process again');
        this.failing = false;
      },
      (error: unknown) => {
        if (!this.failing) {
          this.logger.warn(
            { err: { message: (error as Error).message } },
            'Redis unavailable: live events reach only the tabs connected to the process that saw the change',
          );
        }
        this.failing = true;
        this.fallback.publish(event);
      },
    );
  }

  onEvent(receiver: (event: NumberedEvent) => void): void {
    this.receiver = receiver;
  }

  close(): void {
    this.subscriber.disconnect();
  }
}

function parseMessage(message: string): NumberedEvent | undefined {
  const newline = message.indexOf('\n');
  if (newline <= 0) return undefined;
  try {
    const event = JSON.parse(message.slice(newline + 1)) as LiveEvent;
    if (typeof event?.tenant_id !== 'string' || typeof event.session_id !== 'string' || typeof event.type !== 'string') {
      return undefined;
    }
    return { ...event, id: message.slice(0, newline) };
  } catch {
    return undefined;
  }
}
