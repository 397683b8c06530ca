import { procedure } from '../../procedure';
import { requireTerminal } from '../../domain/terminals/terminal-service';
import { terminalsContract } from '../../contract/terminals';

export const attach = procedure(terminalsContract.attach).mutation(({ ctx, input }) => requireTerminal(ctx, input));
