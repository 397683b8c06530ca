import { procedure } from '../../procedure';
import { summarizeConversation } from '../../domain/llm/conversation-summary';
import { conversationsContract } from '../../contract/conversations';

export const summarize = procedure(conversationsContract.summarize).mutation(({ ctx, input }) =>
  summarizeConversation(ctx, input),
);
