import { procedure } from '../../procedure';
import { createTerminal } from '../../domain/terminals/terminal-service';
import { terminalsContract } from '../../contract/terminals';

export const create = procedure(terminalsContract.create).mutation(({ ctx, input }) => createTerminal(ctx, input));
