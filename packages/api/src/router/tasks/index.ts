import type { TRPCRouterRecord } from '@trpc/server';
import { act } from './act';
import { create } from './create';
import { remove } from './delete';
import { events } from './events';
import { get } from './get';
import { list } from './list';

export const tasksRouter = {
  create,
  list,
  get,
  act,
  delete: remove,
  events,
} satisfies TRPCRouterRecord;
