import { protectedProcedure } from '../../trpc';
import { listMessages as pageOfMessages } from '../../domain/conversations/messages';
import { conversationsContract } from '../../contract/conversations';

export const listMessages = protectedProcedure
  .meta(conversationsContract.listMessages.meta)
  .input(conversationsContract.listMessages.input)
  .output(conversationsContract.listMessages.output)
  .query(({ ctx, input }) => pageOfMessages(ctx, input));
