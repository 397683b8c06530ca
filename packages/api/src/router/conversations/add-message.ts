import { protectedProcedure } from '../../trpc';
import { addMessage as appendMessage } from '../../domain/conversations/messages';
import { conversationsContract } from '../../contract/conversations';

export const addMessage = protectedProcedure
  .meta(conversationsContract.addMessage.meta)
  .input(conversationsContract.addMessage.input)
  .output(conversationsContract.addMessage.output)
  .mutation(({ ctx, input }) =>
    appendMessage(ctx, input.conversation_id, { role: input.role, content: input.content, model: input.model ?? null }),
  );
