import type { TRPCRouterRecord } from '@trpc/server';
import { addMessage } from './add-message';
import { create } from './create';
import { deleteConversation } from './delete';
import { get } from './get';
import { list } from './list';
import { listMessages } from './list-messages';
import { search } from './search';
import { update } from './update';

export const conversationsRouter = {
  create,
  list,
  get,
  update,
  delete: deleteConversation,
  addMessage,
  listMessages,
  search,
} satisfies TRPCRouterRecord;
