import { protectedProcedure } from '../../trpc';
import { getConversation } from '../../domain/conversations/conversations';
import { conversationsContract } from '../../contract/conversations';

export const get = protectedProcedure
  .meta(conversationsContract.get.meta)
  .input(conversationsContract.get.input)
  .output(conversationsContract.get.output)
  .query(({ ctx, input }) => getConversation(ctx, input.conversation_id));
