import type { TRPCRouterRecord } from '@trpc/server';
import { act } from './act';
import { checkpoint } from './checkpoint';
import { checkpoints } from './checkpoints';
import { create } from './create';
import { remove } from './delete';
import { events } from './events';
import { get } from './get';
import { list } from './list';
import { restoreCheckpoint } from './restore-checkpoint';

export const tasksRouter = {
  create,
  list,
  get,
  act,
  delete: remove,
  events,
  checkpoints,
  checkpoint,
  restoreCheckpoint,
} satisfies TRPCRouterRecord;
