import { procedure } from '../../procedure';
import { runTool } from '../../domain/tools/tool-runs';
import { toolsContract } from '../../contract/tools';

export const run = procedure(toolsContract.run).mutation(({ ctx, input }) => runTool(ctx, input));
