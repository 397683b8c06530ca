import type { TRPCRouterRecord } from '@trpc/server';
import { list } from './list';
import { verify } from './verify';

export const auditRouter = { list, verify } satisfies TRPCRouterRecord;
