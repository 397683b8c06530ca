import type { TRPCRouterRecord } from '@trpc/server';
import { addMessage } from './add-message';
import { create } from './create';
import { deleteConversation } from './delete';
import { exportTranscript } from './export';
import { get } from './get';
import { importTranscript } from './import';
import { list } from './list';
import { listMessages } from './list-messages';
import { search } from './search';
import { summarize } from './summarize';
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
  summarize,
  export: exportTranscript,
  import: importTranscript,
} satisfies TRPCRouterRecord;
