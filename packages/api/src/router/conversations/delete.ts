import { protectedProcedure } from '../../trpc';
import { deleteConversation as removeConversation } from '../../domain/conversations/conversations';
import { conversationsContract } from '../../contract/conversations';

export const deleteConversation = protectedProcedure
  .meta(conversationsContract.delete.meta)
  .input(conversationsContract.delete.input)
  .output(conversationsContract.delete.output)
  .mutation(async ({ ctx, input }) => {
    await removeConversation(ctx, input.conversation_id);
    return { message: 'Conversation deleted successfully' };
  });
