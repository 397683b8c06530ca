// Liveness and readiness: what the process reports about itself and the services it needs.
import { AppError } from '../../errors/app-error';
import type { TDependencyStatus, THealthCheckResponse, TReadyResponse } from '../../contract/health';

export interface HealthDeps {
  version: string;
  startedAt: number;
  now: () => Date;
  checkStore: () => Promise<TDependencyStatus>;
  checkRedis?: () => Promise<TDependencyStatus>;
}

export function describeHealth(ctx: { deps: HealthDeps }): THealthCheckResponse {
  const { deps } = ctx;
  const now = deps.now();
  return {
    status: 'ok',
    version: deps.version,
    uptime_seconds: Math.max(0, Math.floor((now.getTime() - deps.startedAt) / 1000)),
    timestamp: now.toISOString(),
  };
}

/** Ready when the store answers a read and Redis (if configured) answers a ping. */
export async function checkReadiness(ctx: { deps: HealthDeps }): Promise<TReadyResponse> {
  const { deps } = ctx;
  const [store, redis] = await Promise.all([
    deps.checkStore(),
    deps.checkRedis ? deps.checkRedis() : Promise.resolve<TDependencyStatus>('not_configured'),
  ]);
  const checks = { store, redis };
  if (store !== 'ok' || redis === 'unavailable') {
    throw new AppError('SERVICE_UNAVAILABLE', 'Not ready', { checks });
  }
  return { status: 'ready', checks };
}
