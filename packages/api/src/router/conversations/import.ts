import { procedure } from '../../procedure';
import { importConversation } from '../../domain/conversations/conversation-transfer';
import { conversationsContract } from '../../contract/conversations';

export const importTranscript = procedure(conversationsContract.import).mutation(({ ctx, input }) =>
  importConversation(ctx, input),
);
