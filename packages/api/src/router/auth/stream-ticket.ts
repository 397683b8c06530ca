import { procedure } from '../../procedure';
import { issueStreamTicket } from '../../domain/identity/stream-tickets';
import { authContract } from '../../contract/auth';

export const streamTicket = procedure(authContract.streamTicket).mutation(({ ctx }) => issueStreamTicket(ctx));
