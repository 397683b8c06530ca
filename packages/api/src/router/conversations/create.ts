import { procedure } from '../../procedure';
import { createConversation } from '../../domain/conversations/conversation-service';
import { conversationsContract } from '../../contract/conversations';

export const create = procedure(conversationsContract.create).mutation(({ ctx, input }) => createConversation(ctx, input));
