import { procedure } from '../../procedure';
import { renameTerminal } from '../../domain/terminals/terminal-service';
import { terminalsContract } from '../../contract/terminals';

export const rename = procedure(terminalsContract.rename).mutation(({ ctx, input }) => renameTerminal(ctx, input));
