// The Redis connection the rate limiters share. Commands fail fast while Redis is away (no offline
// queue, a command timeout) so the limiters fall back to their insurance limiters at once instead
// of holding requests; ioredis keeps reconnecting in the background.
import { Redis } from 'ioredis';
import type { DependencyStatus } from '@coditect/api';
import type { Logger } from '../logger';

export interface RedisConnection {
  client: Redis;
  /** Readiness: a PING answered within a second. */
  check(): Promise<DependencyStatus>;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 500;
const READY_WAIT_MS = 3000;

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: true,
  });
  let healthy = true;
  client.on('error', (error: Error) => {
    if (healthy)
      logger.warn({ err: { message: error.message } }, 'Redis unavailable: rate limits fall back to per-process counting');
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) logger.info('Redis is back: rate limits are shared again');
    healthy = true;
  });

  // Wait a moment for the first connection so shared counting starts with the first request; a
  // Redis that is down at start-up does not stop the server (the insurance limiters take over).
  await Promise.race([
    client.connect().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref()),
  ]);
  if (client.status !== 'ready')
    logger.warn({ status: client.status }, 'Redis is not answering at start-up; continuing with in-memory rate limits');

  return {
    client,
    async check() {
      if (client.status !== 'ready') return 'unavailable';
      try {
        return (await client.ping()) === 'PONG' ? 'ok' : 'unavailable';
      } catch {
        return 'unavailable';
      }
    },
    async close() {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
