// The agent's tools, each declared once: its zod input (the JSON Schema the model and
// GET /api/v5/tools see is generated from it), what it does, and its approval category. Each mode's
// tool set is declared here too. Browser-safe: the web renders tool calls from the same names.
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId } from './common';
import type { ErrorCode } from './error-codes';

export const TOOL_LIMITS = {
  pathChars: 4096,
  contentChars: 500_000,
  queryChars: 1_000,
  diffChars: 500_000,
  questionChars: 4_000,
  resultChars: 20_000,
  commandChars: 10_000,
  /** The longest timeout a call may ask for; the server's TASK_COMMAND_TIMEOUT may be shorter. */
  commandSeconds: 3_600,
} as const;

/**
 * What approval a call needs: `read` runs on its own, `write` and `execute` wait for the user
 * unless auto-approved; `interaction` ends the turn (a question, the final answer).
 */
export const ZToolCategory = z.enum(['read', 'write', 'execute', 'interaction']);
export type TToolCategory = z.infer<typeof ZToolCategory>;

const ZWorkspacePath = z.string().max(TOOL_LIMITS.pathChars).describe('A path relative to the workspace root');

export const TOOL_INPUTS = {
  list_files: z.strictObject({
    path: ZWorkspacePath.default('').describe('The directory to list, relative to the workspace root ("" for the root)'),
  }),
  read_file: z.strictObject({
    path: ZWorkspacePath,
    start_line: z.number().int().min(1).optional().describe('First line to read (1-based)'),
    end_line: z.number().int().min(1).optional().describe('Last line to read (inclusive)'),
  }),
  search_files: z.strictObject({
    query: z.string().min(1).max(TOOL_LIMITS.queryChars).describe('Text (or a regular expression when regex is true)'),
    regex: z.boolean().default(false),
    path: ZWorkspacePath.default('').describe('Directory to search in'),
    glob: z.string().max(1000).optional().describe('Globs to include, comma separated (!glob excludes)'),
  }),
  write_file: z.strictObject({
    path: ZWorkspacePath,
    content: z.string().max(TOOL_LIMITS.contentChars).describe('The whole new content of the file'),
  }),
  apply_diff: z.strictObject({
    path: ZWorkspacePath,
    diff: z
      .string()
      .min(1)
      .max(TOOL_LIMITS.diffChars)
      .describe(
        'One or more blocks, each "<<<<<<< SEARCH\\n<exact lines>\\n=======\\n<replacement>\\n>>>>>>> REPLACE"; each SEARCH part must match the file exactly once',
      ),
  }),
  execute_command: z.strictObject({
    command: z.string().trim().min(1).max(TOOL_LIMITS.commandChars).describe('A command line, run by bash'),
    cwd: ZWorkspacePath.optional().describe('The directory to run it in, relative to the workspace root (default the root)'),
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(TOOL_LIMITS.commandSeconds)
      .optional()
      .describe('Stop the command after this many seconds (the server may allow less)'),
  }),
  ask_followup_question: z.strictObject({
    question: z.string().min(1).max(TOOL_LIMITS.questionChars),
    suggestions: z.array(z.string().max(500)).max(6).optional().describe('Answers the user may pick from'),
  }),
  attempt_completion: z.strictObject({
    result: z.string().min(1).max(TOOL_LIMITS.resultChars).describe('What was done, for the user'),
  }),
} as const;

export type TToolName = keyof typeof TOOL_INPUTS;
export const TOOL_NAMES = Object.keys(TOOL_INPUTS) as TToolName[];
export const ZToolName = z.enum(TOOL_NAMES as [TToolName, ...TToolName[]]);
export type TToolInput<N extends TToolName> = z.output<(typeof TOOL_INPUTS)[N]>;

export const TOOL_DESCRIPTIONS: Record<TToolName, { description: string; category: TToolCategory }> = {
  list_files: { category: 'read', description: 'List the entries of a directory of the workspace.' },
  read_file: { category: 'read', description: 'Read a text file of the workspace, whole or a range of lines (numbered).' },
  search_files: { category: 'read', description: 'Search the workspace files’ contents (ripgrep); answers path:line: text.' },
  write_file: { category: 'write', description: 'Create a file or replace its whole content.' },
  apply_diff: {
    category: 'write',
    description: 'Change a file by search/replace blocks; a block whose SEARCH text does not match exactly once fails.',
  },
  execute_command: {
    category: 'execute',
    description:
      'Run a command in the workspace, in a sandbox (no network unless the server allows it, no interactive input); answers its exit code and output.',
  },
  ask_followup_question: { category: 'interaction', description: 'Ask the user a question and wait for the answer.' },
  attempt_completion: { category: 'interaction', description: 'Finish the task with a summary of what was done.' },
};

export const ZTaskMode = z.enum(['code', 'architect', 'ask', 'debug']);
export type TTaskMode = z.infer<typeof ZTaskMode>;

const READ_TOOLS = ['list_files', 'read_file', 'search_files'] as const satisfies readonly TToolName[];
const ENDING_TOOLS = ['ask_followup_question', 'attempt_completion'] as const satisfies readonly TToolName[];

/** Each mode's tools and instructions, as Roo Code has them: `ask` reads only. */
export const TASK_MODES: Record<TTaskMode, { tools: readonly TToolName[]; instructions: string }> = {
  code: {
    tools: [...READ_TOOLS, 'write_file', 'apply_diff', 'execute_command', ...ENDING_TOOLS],
    instructions: 'You are a skilled software engineer. Make the change the user asks for in the workspace.',
  },
  architect: {
    tools: [...READ_TOOLS, 'write_file', 'apply_diff', ...ENDING_TOOLS],
    instructions: 'You are a software architect. Study the workspace and plan; write only plans and documents.',
  },
  ask: {
    tools: [...READ_TOOLS, ...ENDING_TOOLS],
    instructions: 'You answer questions about the workspace. You never change anything.',
  },
  debug: {
    tools: [...READ_TOOLS, 'write_file', 'apply_diff', 'execute_command', ...ENDING_TOOLS],
    instructions: 'You are an expert debugger. Find the cause of the problem before changing anything, then fix it.',
  },
};

/** A tool's input as JSON Schema (what the model is given, and GET /tools answers). */
export function toolInputSchema(name: TToolName): Record<string, unknown> {
  const { $schema: _schema, ...schema } = z.toJSONSchema(TOOL_INPUTS[name], { io: 'input' }) as Record<string, unknown>;
  return schema;
}

export const ZTool = z
  .object({
    name: ZToolName,
    description: z.string(),
    category: ZToolCategory,
    /** The modes whose tasks may call it. */
    modes: z.array(ZTaskMode),
    /** JSON Schema of its arguments, generated from its zod input. */
    input_schema: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Tool' });
export type TTool = z.infer<typeof ZTool>;

export const TOOL_ERRORS = ['TOOL_NOT_FOUND'] as const satisfies readonly ErrorCode[];

export const ZRunToolRequest = z.strictObject({
  session_id: ZId,
  name: z.string().max(100),
  /** The tool's arguments, as a model would send them. */
  arguments: z.record(z.string(), z.unknown()).default({}),
});
export type TRunToolRequest = z.infer<typeof ZRunToolRequest>;

export const ZToolRun = z
  .object({
    tool: ZToolName,
    status: z.enum(['done', 'failed']),
    /** What a model would be told. */
    result: z.string(),
    /** Why it failed: the tool's own code (FILE_NOT_FOUND, INVALID_PATH, DIFF_NOT_APPLIED, CONFLICT…). */
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ToolRun' });
export type TToolRun = z.infer<typeof ZToolRun>;

export const toolsContract = {
  list: defineOperation({
    type: 'query',
    input: undefined,
    output: z.object({ tools: z.array(ZTool) }),
    meta: {
      access: 'user',
      summary: 'The agent’s tools with the JSON Schema of their arguments',
      errors: [],
      rest: { method: 'GET', path: '/tools' },
    },
  }),
  get: defineOperation({
    type: 'query',
    input: z.strictObject({ name: z.string().max(100) }),
    output: ZTool,
    meta: {
      access: 'user',
      summary: 'One tool with the JSON Schema of its arguments',
      errors: TOOL_ERRORS,
      rest: { method: 'GET', path: '/tools/:name' },
    },
  }),
  run: defineOperation({
    type: 'mutation',
    input: ZRunToolRequest,
    output: ZToolRun,
    meta: {
      access: 'user',
      summary:
        'Run one tool in the session’s workspace, as the agent would, approved by the caller (a question or a completion only makes sense in a task)',
      // SERVICE_UNAVAILABLE: execute_command where no sandbox works.
      errors: ['SESSION_NOT_FOUND', ...TOOL_ERRORS, 'SERVICE_UNAVAILABLE'],
      // A write's content or a command's output are not audit material: the tool, its path and outcome are.
      audit: { omitInput: ['arguments'], outputDetails: ['tool', 'status'] },
      rest: { method: 'POST', path: '/sessions/:session_id/tools/:name' },
    },
  }),
};
