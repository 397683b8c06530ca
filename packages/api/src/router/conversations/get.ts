import { procedure } from '../../procedure';
import { getConversation } from '../../domain/conversations/conversation-service';
import { conversationsContract } from '../../contract/conversations';

export const get = procedure(conversationsContract.get).query(({ ctx, input }) => getConversation(ctx, input.conversation_id));
