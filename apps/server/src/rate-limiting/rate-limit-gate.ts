// The API's rate-limit gate on rate-limiter-flexible: one limiter per window of each policy, in
// process memory, or in Redis when configured — then each Redis limiter carries an in-memory
// insurance limiter with the same window, so a Redis outage neither fails requests nor lifts the
// limits (each process counts on its own until Redis answers again). Cluster workers without
// Redis count in the cluster primary (RateLimiterCluster over IPC), so limits stay exact across
// workers; a primary that does not answer in time falls back to this worker's own counts.
import {
  RateLimiterCluster,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { RateLimitCheck, RateLimitGate, RateLimitPolicy, RateLimitVerdict, RateLimitWindowStatus } from '@coditect/api';
import type { RateLimitWindow } from '../config';

export type RateLimitPolicies = Record<RateLimitPolicy, RateLimitWindow[]>;

interface Window {
  policy: RateLimitPolicy;
  name: string;
  limit: number;
  windowSeconds: number;
  policyHeader: string;
  limiter: RateLimiterAbstract;
}

/** One window counted: rate-limiter-flexible resolves within the limit, rejects with its result over it. */
interface Counted {
  window: Window;
  res: RateLimiterRes;
  allowed: boolean;
}

const REDIS_KEY_PREFIX = 'coditect:rl';

export interface RateLimitStore {
  /** Counters shared through Redis by every process. */
  redis?: Redis;
  /** This process is a cluster worker: count in the primary's memory. */
  clusterWorker?: boolean;
}

/** How long a worker waits for the primary's count before using its own. */
const CLUSTER_TIMEOUT_MS = 1000;

export function createRateLimitGate(
  policies: RateLimitPolicies,
  { redis, clusterWorker = false }: RateLimitStore = {},
): RateLimitGate {
  const compiled = new Map<RateLimitPolicy, Window[]>();
  for (const [policy, windows] of Object.entries(policies) as Array<[RateLimitPolicy, RateLimitWindow[]]>) {
    compiled.set(
      policy,
      windows.map((window): Window => {
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
          : clusterWorker
            ? new InsuredClusterLimiter(shape)
            : new RateLimiterMemory(shape);
        const policyHeader = `"${name}";q=${window.points};w=${window.durationSeconds}`;
        return { policy, name, limit: window.points, windowSeconds: window.durationSeconds, policyHeader, limiter };
      }),
    );
  }
  const windowsOf = (policy: RateLimitPolicy): Window[] => {
    const found = compiled.get(policy);
    if (!found) throw new Error(`No rate-limit policy named ${policy}`);
    return found;
  };

  return {
    consume(checks) {
      // In memory every count settles at once, so counting one window after another costs nothing
      // and allocates far less (this runs on every authenticated call); Redis counts go out together.
      if (!redis && !clusterWorker) return countInTurn(checks, windowsOf);
      const windows = checks.flatMap((check) => windowsOf(check.policy).map((window) => ({ window, key: check.key })));
      return Promise.all(windows.map(count)).then(verdict);
    },
    async reset(policy, key) {
      await Promise.all(windowsOf(policy).map((window) => window.limiter.delete(key).catch(() => false)));
    },
    async refund(policy, key) {
      await Promise.all(windowsOf(policy).map((window) => window.limiter.reward(key, 1).catch(() => undefined)));
    },
  };
}

function count({ window, key }: { window: Window; key: string }): Promise<Counted> {
  return window.limiter.consume(key).then(
    (res) => ({ window, res, allowed: true }),
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return { window, res: rejection, allowed: false };
      throw rejection;
    },
  );
}

/** Refused: the exceeded window with the longest wait. Allowed: the window with the fewest calls left. */
function verdict(counted: readonly Counted[]): RateLimitVerdict {
  let refused: Counted | undefined;
  let tightest = counted[0]!;
  for (const candidate of counted) {
    if (!candidate.allowed && (!refused || candidate.res.msBeforeNext > refused.res.msBeforeNext)) refused = candidate;
    if (tighter(candidate.res, tightest.res)) tightest = candidate;
  }
  return { allowed: !refused, window: status(refused ?? tightest) };
}

/** The same verdict, counting one window at a time and keeping only the two windows it needs. */
async function countInTurn(
  checks: readonly RateLimitCheck[],
  windowsOf: (policy: RateLimitPolicy) => Window[],
): Promise<RateLimitVerdict> {
  let refused: Window | undefined;
  let refusedRes: RateLimiterRes | undefined;
  let tightest: Window | undefined;
  let tightestRes: RateLimiterRes | undefined;
  for (const check of checks) {
    for (const window of windowsOf(check.policy)) {
      let res: RateLimiterRes;
      try {
        res = await window.limiter.consume(check.key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        res = rejection;
        if (!refusedRes || res.msBeforeNext > refusedRes.msBeforeNext) {
          refused = window;
          refusedRes = res;
        }
      }
      if (!tightestRes || tighter(res, tightestRes)) {
        tightest = window;
        tightestRes = res;
      }
    }
  }
  if (refused && refusedRes) return { allowed: false, window: status({ window: refused, res: refusedRes }) };
  return { allowed: true, window: status({ window: tightest!, res: tightestRes! }) };
}

function tighter(a: RateLimiterRes, b: RateLimiterRes): boolean {
  return a.remainingPoints < b.remainingPoints || (a.remainingPoints === b.remainingPoints && a.msBeforeNext > b.msBeforeNext);
}

function status({ window, res }: { window: Window; res: RateLimiterRes }): RateLimitWindowStatus {
  return {
    policy: window.policy,
    name: window.name,
    limit: window.limit,
    windowSeconds: window.windowSeconds,
    remaining: res.remainingPoints,
    resetMs: Math.max(0, res.msBeforeNext),
    policyHeader: window.policyHeader,
  };
}

/** 60 → "1m", 900 → "15m", 3600 → "1h", 86400 → "1d", 90 → "90s". */
export function windowLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A cluster-primary limiter that counts locally when the primary does not answer in time. */
class InsuredClusterLimiter extends RateLimiterCluster {
  private readonly insurance: RateLimiterMemory;

  constructor(shape: { points: number; duration: number; keyPrefix: string }) {
    super({ ...shape, timeoutMs: CLUSTER_TIMEOUT_MS });
    this.insurance = new RateLimiterMemory(shape);
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    return super.consume(key, points, options).catch((rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) throw rejection;
      return this.insurance.consume(key, points, options);
    });
  }

  override delete(key: string | number, options?: Record<string, unknown>): Promise<boolean> {
    void this.insurance.delete(key, options);
    return super.delete(key, options);
  }
}
