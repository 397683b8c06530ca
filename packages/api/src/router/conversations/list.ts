import { protectedProcedure } from '../../trpc';
import { listConversations } from '../../domain/conversations/conversations';
import { conversationsContract } from '../../contract/conversations';

export const list = protectedProcedure
  .meta(conversationsContract.list.meta)
  .input(conversationsContract.list.input)
  .output(conversationsContract.list.output)
  .query(({ ctx, input }) => listConversations(ctx, input));
