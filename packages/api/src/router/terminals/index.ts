import type { TRPCRouterRecord } from '@trpc/server';
import { attach } from './attach';
import { create } from './create';
import { remove } from './delete';
import { list } from './list';
import { rename } from './rename';

export const terminalsRouter = {
  create,
  list,
  rename,
  delete: remove,
  attach,
} satisfies TRPCRouterRecord;
