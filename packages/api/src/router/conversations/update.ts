import { procedure } from '../../procedure';
import { updateConversation } from '../../domain/conversations/conversation-service';
import { conversationsContract } from '../../contract/conversations';

export const update = procedure(conversationsContract.update).mutation(({ ctx, input }) => updateConversation(ctx, input));
