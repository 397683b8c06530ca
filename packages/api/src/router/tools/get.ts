import { procedure } from '../../procedure';
import { getTool } from '../../domain/tools/tool-catalog';
import { toolsContract } from '../../contract/tools';

export const get = procedure(toolsContract.get).query(({ input }) => getTool(input.name));
