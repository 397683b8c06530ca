import { procedure } from '../../procedure';
import { searchMessages } from '../../domain/conversations/search-service';
import { conversationsContract } from '../../contract/conversations';

export const search = procedure(conversationsContract.search).query(({ ctx, input }) => searchMessages(ctx, input));
