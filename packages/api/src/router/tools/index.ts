import type { TRPCRouterRecord } from '@trpc/server';
import { get } from './get';
import { list } from './list';
import { run } from './run';

export const toolsRouter = {
  list,
  get,
  run,
} satisfies TRPCRouterRecord;
