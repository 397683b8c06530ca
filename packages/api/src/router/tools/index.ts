import type { TRPCRouterRecord } from '@trpc/server';
import { get } from './get';
import { list } from './list';

export const toolsRouter = {
  list,
  get,
} satisfies TRPCRouterRecord;
