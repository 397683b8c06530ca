import { protectedProcedure } from '../../trpc';
import { createConversation } from '../../domain/conversations/conversations';
import { conversationsContract } from '../../contract/conversations';

export const create = protectedProcedure
  .meta(conversationsContract.create.meta)
  .input(conversationsContract.create.input)
  .output(conversationsContract.create.output)
  .mutation(({ ctx, input }) => createConversation(ctx, input));
