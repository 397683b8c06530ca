import type { TRPCRouterRecord } from '@trpc/server';
import { deleteSetting } from './delete';
import { getAll } from './get-all';
import { set } from './set';

export const settingsRouter = { getAll, set, delete: deleteSetting } satisfies TRPCRouterRecord;
