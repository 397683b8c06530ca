import { procedure } from '../../procedure';
import { killTerminal } from '../../domain/terminals/terminal-service';
import { terminalsContract } from '../../contract/terminals';

export const remove = procedure(terminalsContract.delete).mutation(({ ctx, input }) => killTerminal(ctx, input));
