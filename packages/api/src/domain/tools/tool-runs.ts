// POST /sessions/:id/tools/:name: one tool run directly in the session's workspace, by the rules
// the agent's calls follow (the workspace confinement, the sandbox, the same limits), the caller
// being the one who approves. Bad arguments are a 400 like any input; what the tool itself fails
// at (a missing file, a diff that does not match, a path out of the workspace) is its result, as
// the model would be told it.
import type { z } from 'zod';
import {
  TOOL_DESCRIPTIONS,
  TOOL_INPUTS,
  TOOL_NAMES,
  type TRunToolRequest,
  type TToolInput,
  type TToolName,
  type TToolRun,
} from '../../contract/tools';
import { AppError } from '../../errors/app-error';
import { sessionTreePath, type FilesContext } from '../files/session-files';
import { workspaceRef } from '../files/workspaces';
import { runCommand, type TaskCommands } from '../tasks/tools/command-tool';
import {
  applyWrite,
  listFiles,
  prepareWrite,
  readFile,
  searchFiles,
  ToolFailure,
  type ToolWorkspace,
} from '../tasks/tools/workspace-tools';

export interface ToolRunContext extends FilesContext {
  deps: FilesContext['deps'] & { commands?: TaskCommands | undefined };
}

function parseArguments(tool: TToolName, args: Record<string, unknown>): unknown {
  const parsed = (TOOL_INPUTS[tool] as z.ZodType).safeParse(args);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'VALIDATION_ERROR',
    `Invalid arguments for ${tool}`,
    parsed.error.issues.map((issue) => ({ path: ['arguments', ...issue.path].join('.'), message: issue.message })),
  );
}

export async function runTool(context: ToolRunContext, input: TRunToolRequest): Promise<TToolRun> {
  if (!(TOOL_NAMES as string[]).includes(input.name)) throw new AppError('TOOL_NOT_FOUND', `No tool named ${input.name}`);
  const tool = input.name as TToolName;
  if (TOOL_DESCRIPTIONS[tool].category === 'interaction') {
    throw new AppError('VALIDATION_ERROR', `${tool} only makes sense inside a task`, [
      { path: 'name', message: 'a question or a completion is part of a task' },
    ]);
  }
  const args = parseArguments(tool, input.arguments);
  const { commands } = context.deps;
  if (tool === 'execute_command' && !commands) {
    throw new AppError('SERVICE_UNAVAILABLE', 'Commands cannot run on this server (no working sandbox)');
  }
  await sessionTreePath(context, input.session_id);
  const files = context.deps.workspaces.root.files(workspaceRef(context.auth.tenantId, input.session_id));
  const workspace: ToolWorkspace = { files, maxEditBytes: context.deps.workspaces.maxEditBytes };
  try {
    const result = await run(workspace, commands, tool, args);
    return { tool, status: 'done', result, error: null };
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    return {
      tool,
      status: 'failed',
      result: `Error (${error.code}): ${error.message}`,
      error: { code: error.code, message: error.message },
    };
  }
}

async function run(
  workspace: ToolWorkspace,
  commands: TaskCommands | undefined,
  tool: TToolName,
  args: unknown,
): Promise<string> {
  switch (tool) {
    case 'list_files':
      return listFiles(workspace, args as TToolInput<'list_files'>);
    case 'read_file':
      return readFile(workspace, args as TToolInput<'read_file'>);
    case 'search_files':
      return searchFiles(workspace, args as TToolInput<'search_files'>);
    case 'write_file':
    case 'apply_diff':
      return applyWrite(workspace, await prepareWrite(workspace, { tool, input: args } as Parameters<typeof prepareWrite>[1]));
    case 'execute_command':
      return runCommand(commands!, workspace.files.treePath, args as TToolInput<'execute_command'>, {
        signal: new AbortController().signal,
        onOutput: () => undefined,
      });
    case 'ask_followup_question':
    case 'attempt_completion':
      throw new AppError('VALIDATION_ERROR', `${tool} only makes sense inside a task`);
  }
}
