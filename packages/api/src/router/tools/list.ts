import { procedure } from '../../procedure';
import { listTools } from '../../domain/tools/tool-catalog';
import { toolsContract } from '../../contract/tools';

export const list = procedure(toolsContract.list).query(() => listTools());
