import type { TRPCRouterRecord } from '@trpc/server';
import { check } from './check';
import { ready } from './ready';

export const healthRouter = { check, ready } satisfies TRPCRouterRecord;
