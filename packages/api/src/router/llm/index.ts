import type { TRPCRouterRecord } from '@trpc/server';
import { chat } from './chat';
import { models } from './models';

export const llmRouter = { models, chat } satisfies TRPCRouterRecord;
