import type { TRPCRouterRecord } from '@trpc/server';
import { create } from './create';
import { remove } from './delete';
import { fork } from './fork';
import { get } from './get';
import { list } from './list';
import { related } from './related';
import { share, shared } from './sharing';
import { update } from './update';

export const sessionsRouter = {
  share,
  shared,
  create,
  list,
  related,
  get,
  update,
  fork,
  delete: remove,
} satisfies TRPCRouterRecord;
