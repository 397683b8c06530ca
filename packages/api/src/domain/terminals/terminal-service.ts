// A session's terminals. A terminal belongs to the session whose workspace tree it runs in: the
// host knows terminals by their workspace directory, so another session's (or tenant's) terminal
// id answers TERMINAL_NOT_FOUND like a missing one.
import { SandboxError, type TerminalInfo } from '@coditect/sandbox';
import { isWorkspaceError } from '@coditect/workspace';
import { AppError } from '../../errors/app-error';
import type {
  TCreateTerminalRequest,
  TRenameTerminalRequest,
  TRunningTerminal,
  TTerminalRequest,
} from '../../contract/terminals';
import type { CallerContext } from '../identity/identity-context';
import { sessionTreePath } from '../files/session-files';
import { workspaceRef, type Workspaces } from '../files/workspaces';
import { settingRepository } from '../settings/setting-repository';
import type { SessionTerminals } from './session-terminals';
import type { LiveEvents } from '../events/live-events';

export interface TerminalsContext extends CallerContext {
  deps: { now: () => Date; workspaces: Workspaces; terminals?: SessionTerminals; events?: LiveEvents | undefined };
}

function terminalsOf(context: TerminalsContext): SessionTerminals {
  const { terminals } = context.deps;
  if (!terminals) throw new AppError('SERVICE_UNAVAILABLE', 'Terminals are not available on this server');
  return terminals;
}

/** The one mapping of the sandbox's errors to the API's codes. */
export function sandboxFailure(error: unknown): unknown {
  if (!(error instanceof SandboxError)) return error;
  switch (error.code) {
    case 'TERMINAL_NOT_FOUND':
      return new AppError('TERMINAL_NOT_FOUND', 'Terminal not found');
    case 'INVALID_ARGUMENT':
      return new AppError('VALIDATION_ERROR', error.message, [{ path: '', message: error.message }]);
    case 'TERMINAL_LIMIT_REACHED':
      return new AppError('SERVICE_UNAVAILABLE', 'This server runs as many terminals as it may; try again later');
    default:
      return new AppError('SERVICE_UNAVAILABLE', 'Terminals are not available right now');
  }
}

async function onSandbox<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw sandboxFailure(error);
  }
}

export function terminalView(sessionId: string, info: TerminalInfo): TRunningTerminal {
  return {
    terminal_id: info.id,
    session_id: sessionId,
    title: info.title,
    state: info.state,
    exit_code: info.exitCode,
    end_reason: info.endReason,
    cols: info.cols,
    rows: info.rows,
    attachments: info.attachments,
    created_at: info.createdAt,
  };
}

/** The session's tree (checked to be the caller's first), created on first use. */
async function sessionTree(context: TerminalsContext, sessionId: string): Promise<string> {
  return sessionTreePath(context, sessionId);
}

/** Checks the working directory a terminal is asked to start in (TERMINAL_ERRORS lists the answers). */
async function assertDirectory(context: TerminalsContext, sessionId: string, cwd: string): Promise<void> {
  const { root } = context.deps.workspaces;
  try {
    const entry = await root.files(workspaceRef(context.auth.tenantId, sessionId)).stat(cwd);
    if (entry.type !== 'directory') throw new AppError('NOT_A_DIRECTORY', `Not a directory: ${cwd}`);
  } catch (error) {
    // Only these can come of a stat; the files domain's full mapping would claim every file error.
    if (isWorkspaceError(error, 'INVALID_PATH')) throw new AppError('INVALID_PATH', error.message, error.details);
    if (isWorkspaceError(error, 'NOT_FOUND')) throw new AppError('FILE_NOT_FOUND', error.message, error.details);
    if (isWorkspaceError(error, 'NOT_A_DIRECTORY')) throw new AppError('NOT_A_DIRECTORY', error.message, error.details);
    throw error;
  }
}

async function shellSetting(context: TerminalsContext): Promise<string | undefined> {
  const setting = await context.tenant.transact((tx) => settingRepository.get(tx, context.auth.userId, 'terminal', 'shell'));
  return typeof setting?.value === 'string' && /^[A-Za-z0-9._/+-]{1,200}$/.test(setting.value) ? setting.value : undefined;
}

export async function createTerminal(context: TerminalsContext, input: TCreateTerminalRequest): Promise<TRunningTerminal> {
  // The session first: another tenant's or a missing one is SESSION_NOT_FOUND on any server.
  const treePath = await sessionTree(context, input.session_id);
  const terminals = terminalsOf(context);
  const cwd = input.cwd ?? '';
  if (cwd !== '') await assertDirectory(context, input.session_id, cwd);
  const shell = input.shell ?? (await shellSetting(context)) ?? terminals.defaultShell;
  const info = await onSandbox(
    terminals.host.create({
      workspaceDir: treePath,
      shell,
      cwd,
      cols: input.cols,
      rows: input.rows,
      title: input.title ?? shell.split('/').at(-1) ?? shell,
      network: terminals.network,
    }),
  );
  announce(context, input.session_id, 'terminal.created', { terminal_id: info.id, title: info.title });
  return terminalView(input.session_id, info);
}

/** Tells the session's other tabs (the live channel) that its terminals changed. */
function announce(
  context: TerminalsContext,
  sessionId: string,
  type: 'terminal.created' | 'terminal.renamed',
  data: { terminal_id: string; title: string },
): void {
  context.deps.events?.publish({ tenant_id: context.auth.tenantId, session_id: sessionId, type, data });
}

export async function listTerminals(context: TerminalsContext, sessionId: string): Promise<TRunningTerminal[]> {
  const workspaceDir = await sessionTree(context, sessionId);
  const terminals = terminalsOf(context);
  const infos = await onSandbox(terminals.host.list({ workspaceDir }));
  return infos.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((info) => terminalView(sessionId, info));
}

/** The session's terminal, or TERMINAL_NOT_FOUND. */
export async function requireTerminal(context: TerminalsContext, input: TTerminalRequest): Promise<TRunningTerminal> {
  const workspaceDir = await sessionTree(context, input.session_id);
  const terminals = terminalsOf(context);
  const [info] = await onSandbox(terminals.host.list({ workspaceDir, ids: [input.terminal_id] }));
  if (!info) throw new AppError('TERMINAL_NOT_FOUND', `Terminal not found: ${input.terminal_id}`);
  return terminalView(input.session_id, info);
}

export async function renameTerminal(context: TerminalsContext, input: TRenameTerminalRequest): Promise<TRunningTerminal> {
  await requireTerminal(context, input);
  const info = await onSandbox(terminalsOf(context).host.rename(input.terminal_id, input.title));
  announce(context, input.session_id, 'terminal.renamed', { terminal_id: info.id, title: info.title });
  return terminalView(input.session_id, info);
}

export async function killTerminal(context: TerminalsContext, input: TTerminalRequest): Promise<TRunningTerminal> {
  const terminal = await requireTerminal(context, input);
  await onSandbox(terminalsOf(context).host.kill(input.terminal_id));
  return { ...terminal, state: 'exited', end_reason: terminal.end_reason ?? 'killed' };
}

/** Kills a deleted session's terminals before its tree goes (nothing may keep writing into it). */
export async function killSessionTerminals(
  terminals: SessionTerminals | undefined,
  workspaces: Workspaces,
  ref: { tenantId: string; sessionId: string },
): Promise<void> {
  if (!terminals) return;
  const workspaceDir = workspaces.root.treePath({ tenantId: ref.tenantId, workspaceId: ref.sessionId });
  await terminals.host.killAll({ workspaceDir }).catch(() => 0);
}
