import type { TRPCRouterRecord } from '@trpc/server';
import { create } from './create';
import { list } from './list';
import { revoke } from './revoke';

export const apiKeysRouter = { create, list, revoke } satisfies TRPCRouterRecord;
