import { protectedProcedure } from '../../trpc';
import { updateConversation } from '../../domain/conversations/conversations';
import { conversationsContract } from '../../contract/conversations';

export const update = protectedProcedure
  .meta(conversationsContract.update.meta)
  .input(conversationsContract.update.input)
  .output(conversationsContract.update.output)
  .mutation(({ ctx, input }) => updateConversation(ctx, input));
