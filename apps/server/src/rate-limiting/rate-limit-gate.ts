// The API's rate-limit gate on rate-limiter-flexible: one limiter per window of each policy, in
// process memory, or in Redis when configured — then each Redis limiter carries an in-memory
// insurance limiter with the same window, so a Redis outage neither fails requests nor lifts the
// limits (each process counts on its own until Redis answers again).
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { RateLimitGate, RateLimitPolicy, RateLimitVerdict, RateLimitWindowStatus } from '@coditect/api';
import type { RateLimitWindow } from '../config';

export type RateLimitPolicies = Record<RateLimitPolicy, RateLimitWindow[]>;

interface Window {
  policy: RateLimitPolicy;
  name: string;
  limit: number;
  windowSeconds: number;
  limiter: RateLimiterAbstract;
}

interface Policy {
  windows: Window[];
  header: string;
}

const REDIS_KEY_PREFIX = 'coditect:rl';

export function createRateLimitGate(policies: RateLimitPolicies, redis?: Redis): RateLimitGate {
  const compiled = new Map<RateLimitPolicy, Policy>();
  for (const [policy, windows] of Object.entries(policies) as Array<[RateLimitPolicy, RateLimitWindow[]]>) {
    const built = windows.map((window): Window => {
      const name = `${policy}-${windowLabel(window.durationSeconds)}`;
      const shape = { points: window.points, duration: window.durationSeconds, keyPrefix: name };
      const limiter = redis
        ? new RateLimiterRedis({
            ...shape,
            keyPrefix: `${REDIS_KEY_PREFIX}:${name}`,
            storeClient: redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(shape),
          })
        : new RateLimiterMemory(shape);
      return { policy, name, limit: window.points, windowSeconds: window.durationSeconds, limiter };
    });
    compiled.set(policy, {
      windows: built,
      header: built.map((window) => `"${window.name}";q=${window.limit};w=${window.windowSeconds}`).join(', '),
    });
  }

  const policyOf = (policy: RateLimitPolicy): Policy => {
    const found = compiled.get(policy);
    if (!found) throw new Error(`No rate-limit policy named ${policy}`);
    return found;
  };

  return {
    async consume(policy, key) {
      const { windows, header } = policyOf(policy);
      const statuses = windows.length === 1 ? [await count(windows[0]!, key)] : await Promise.all(windows.map((window) => count(window, key)));
      return verdict(statuses, header);
    },
    async reset(policy, key) {
      await Promise.all(policyOf(policy).windows.map((window) => window.limiter.delete(key).catch(() => false)));
    },
  };
}

type CountedWindow = RateLimitWindowStatus & { allowed: boolean };

/** rate-limiter-flexible resolves within the limit and rejects with a RateLimiterRes over it. */
function count(window: Window, key: string): Promise<CountedWindow> {
  return window.limiter.consume(key).then(
    (res) => status(window, res, true),
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return status(window, rejection, false);
      throw rejection;
    },
  );
}

function status(window: Window, res: RateLimiterRes, allowed: boolean): CountedWindow {
  return {
    policy: window.policy,
    name: window.name,
    limit: window.limit,
    windowSeconds: window.windowSeconds,
    remaining: res.remainingPoints,
    resetMs: Math.max(0, res.msBeforeNext),
    allowed,
  };
}

function verdict(statuses: CountedWindow[], policyHeader: string): RateLimitVerdict {
  let refused: CountedWindow | undefined;
  let tightest = statuses[0]!;
  for (const candidate of statuses) {
    if (!candidate.allowed && (!refused || candidate.resetMs > refused.resetMs)) refused = candidate;
    if (candidate.remaining < tightest.remaining || (candidate.remaining === tightest.remaining && candidate.resetMs > tightest.resetMs)) {
      tightest = candidate;
    }
  }
  const { allowed: _allowed, ...window } = refused ?? tightest;
  return { allowed: !refused, window, policyHeader };
}

/** 60 → "1m", 900 → "15m", 3600 → "1h", 86400 → "1d", 90 → "90s". */
export function windowLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
