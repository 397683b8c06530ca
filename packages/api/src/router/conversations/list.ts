import { procedure } from '../../procedure';
import { listConversations } from '../../domain/conversations/conversation-service';
import { conversationsContract } from '../../contract/conversations';

export const list = procedure(conversationsContract.list).query(({ ctx, input }) => listConversations(ctx, input));
