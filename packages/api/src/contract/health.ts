import { z } from 'zod';
import { defineOperation } from './operation';
import { ZTimestamp } from './common';

export const ZHealthCheckResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptime_seconds: z.number().nonnegative(),
  timestamp: ZTimestamp,
});
export type THealthCheckResponse = z.infer<typeof ZHealthCheckResponse>;

export const ZDependencyStatus = z.enum(['ok', 'unavailable', 'not_configured']);
export type TDependencyStatus = z.infer<typeof ZDependencyStatus>;

export const ZReadyResponse = z.object({
  status: z.literal('ready'),
  checks: z.object({ store: ZDependencyStatus, redis: ZDependencyStatus }),
});
export type TReadyResponse = z.infer<typeof ZReadyResponse>;

export const healthContract = {
  check: defineOperation({
    type: 'query',
    input: undefined,
    output: ZHealthCheckResponse,
    meta: { access: 'public', summary: 'Liveness: status, version, uptime', rest: { method: 'GET', path: '/health' } },
  }),
  ready: defineOperation({
    type: 'query',
    input: undefined,
    output: ZReadyResponse,
    meta: {
      access: 'public',
      summary: 'Readiness: 200 when the store (and Redis, if configured) answer, else 503',
      rest: { method: 'GET', path: '/ready' },
    },
  }),
};
