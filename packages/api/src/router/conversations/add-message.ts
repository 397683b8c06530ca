import { procedure } from '../../procedure';
import { addMessage as appendMessage } from '../../domain/conversations/message-service';
import { conversationsContract } from '../../contract/conversations';

export const addMessage = procedure(conversationsContract.addMessage).mutation(({ ctx, input }) =>
  appendMessage(ctx, input.conversation_id, { role: input.role, content: input.content, model: input.model ?? null }),
);
