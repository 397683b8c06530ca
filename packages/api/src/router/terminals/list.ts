import { procedure } from '../../procedure';
import { listTerminals } from '../../domain/terminals/terminal-service';
import { terminalsContract } from '../../contract/terminals';

export const list = procedure(terminalsContract.list).query(async ({ ctx, input }) => ({
  terminals: await listTerminals(ctx, input.session_id),
}));
