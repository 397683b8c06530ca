// The agent's tools as GET /api/v5/tools shows them: each one's JSON Schema generated from its zod
// input (contract/tools.ts), and the modes that offer it.
import { TASK_MODES, TOOL_DESCRIPTIONS, TOOL_NAMES, toolInputSchema, type TTool, type TToolName } from '../../contract/tools';
import { AppError } from '../../errors/app-error';

function describeTool(name: TToolName): TTool {
  return {
    name,
    ...TOOL_DESCRIPTIONS[name],
    modes: (Object.keys(TASK_MODES) as Array<keyof typeof TASK_MODES>).filter((mode) => TASK_MODES[mode].tools.includes(name)),
    input_schema: toolInputSchema(name),
  };
}

export function listTools(): { tools: TTool[] } {
  return { tools: TOOL_NAMES.map(describeTool) };
}

export function getTool(name: string): TTool {
  if (!(TOOL_NAMES as string[]).includes(name)) throw new AppError('TOOL_NOT_FOUND', `No tool named ${name}`);
  return describeTool(name as TToolName);
}
