// The execute_command tool: one command in the session's workspace, in the terminals' sandbox
// (bubblewrap, its resource limits, no network unless TERMINAL_NETWORK), with a timeout, an output
// cap and its output streamed as it comes. The model gets the exit status and the output, its
// beginning and end when long (errors are usually at the end).
import { SandboxError, type CommandResult, type CommandRunner } from '@coditect/sandbox';
import { TOOL_LIMITS, type TToolInput } from '../../../contract/tools';
import { ToolFailure } from './workspace-tools';

export interface TaskCommands {
  runner: Pick<CommandRunner, 'run'>;
  network: boolean;
  /** The longest a command may run (TASK_COMMAND_TIMEOUT), and its default. */
  timeoutSeconds: number;
  /** Output kept and streamed per command. */
  maxOutputBytes: number;
}

export type CommandInput = TToolInput<'execute_command'>;

/** What the user approves: the command line, and where it runs. */
export function commandPreview(input: CommandInput): string {
  return input.cwd ? `$ ${input.command}\n(in ${input.cwd})` : `$ ${input.command}`;
}

export async function runCommand(
  commands: TaskCommands,
  workspaceDir: string,
  input: CommandInput,
  options: { signal: AbortSignal; onOutput: (data: string) => void },
): Promise<string> {
  const timeoutSeconds = Math.min(input.timeout_seconds ?? commands.timeoutSeconds, commands.timeoutSeconds);
  try {
    const result = await commands.runner.run({
      workspaceDir,
      command: input.command,
      cwd: input.cwd ?? '',
      network: commands.network,
      timeoutMs: timeoutSeconds * 1000,
      maxOutputBytes: commands.maxOutputBytes,
      signal: options.signal,
      onOutput: (chunk) => options.onOutput(chunk.data),
    });
    return commandResultText(result, timeoutSeconds);
  } catch (error) {
    if (error instanceof SandboxError && error.code === 'INVALID_ARGUMENT') {
      throw new ToolFailure('INVALID_PATH', `cwd must be a directory inside the workspace: ${input.cwd ?? ''}`);
    }
    if (error instanceof SandboxError) throw new ToolFailure('SERVICE_UNAVAILABLE', 'The command could not be started');
    throw error;
  }
}

export function commandResultText(result: CommandResult, timeoutSeconds: number): string {
  const status = result.timedOut
    ? `Stopped: it ran longer than ${timeoutSeconds} s`
    : result.overQuota
      ? 'Stopped: the workspace went over its storage quota'
      : result.aborted
        ? 'Stopped: the task was cancelled'
        : `Exit code: ${result.exitCode ?? `killed by ${result.signal ?? 'a signal'}`}`;
  return `${status}\nOutput:\n${headAndTail(result.output || '(none)', TOOL_LIMITS.resultChars - 200)}`;
}

function headAndTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.4);
  const tail = max - head;
  return `${text.slice(0, head)}\n[… ${text.length - max} characters left out …]\n${text.slice(-tail)}`;
}
