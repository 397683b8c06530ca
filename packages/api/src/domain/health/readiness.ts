import type { ApiDependencies, DependencyStatus } from '../../trpc';
import { AppError } from '../../errors/app-error';
import type { THealthCheckResponse, TReadyResponse } from '../../contract/health';

export function describeHealth(deps: ApiDependencies): THealthCheckResponse {
  const now = deps.now();
  return {
    status: 'ok',
    version: deps.version,
    uptime_seconds: Math.max(0, Math.floor((now.getTime() - deps.startedAt) / 1000)),
    timestamp: now.toISOString(),
  };
}

/** Ready when the store answers a read and Redis (if configured) answers a ping. */
export async function checkReadiness(deps: ApiDependencies): Promise<TReadyResponse> {
  const [store, redis] = await Promise.all([
    deps.store.ping().then(
      (): DependencyStatus => 'ok',
      (): DependencyStatus => 'unavailable',
    ),
    deps.checkRedis ? deps.checkRedis() : Promise.resolve<DependencyStatus>('not_configured'),
  ]);
  const checks = { store, redis };
  if (store !== 'ok' || redis === 'unavailable') {
    throw new AppError('SERVICE_UNAVAILABLE', 'Not ready', { checks });
  }
  return { status: 'ready', checks };
}
