import { procedure } from '../../procedure';
import { deleteConversation as removeConversation } from '../../domain/conversations/conversation-service';
import { conversationsContract } from '../../contract/conversations';

export const deleteConversation = procedure(conversationsContract.delete).mutation(async ({ ctx, input }) => {
  await removeConversation(ctx, input.conversation_id);
  return { message: 'Conversation deleted successfully' };
});
