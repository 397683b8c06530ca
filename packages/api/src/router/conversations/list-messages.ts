import { procedure } from '../../procedure';
import { listMessages as pageOfMessages } from '../../domain/conversations/message-service';
import { conversationsContract } from '../../contract/conversations';

export const listMessages = procedure(conversationsContract.listMessages).query(({ ctx, input }) => pageOfMessages(ctx, input));
