import { procedure } from '../../procedure';
import { exportConversation } from '../../domain/conversations/conversation-transfer';
import { conversationsContract } from '../../contract/conversations';

export const exportTranscript = procedure(conversationsContract.export).query(({ ctx, input }) => exportConversation(ctx, input));
