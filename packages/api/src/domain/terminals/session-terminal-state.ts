// A session's terminal_state as the server knows it: while shells of the session run in the
// terminal host, they are its open terminals (seed 000 stores the field; clients that only save
// and read it back, with no terminal running, see what they saved).
import { posix } from 'node:path';
import { SANDBOX_WORKSPACE, type TerminalInfo } from '@coditect/sandbox';
import { SESSION_LIMITS, type TTerminalState, type TWorkspaceSession } from '../../contract/sessions';
import { workspaceRef } from '../files/workspaces';
import type { TerminalsContext } from './terminal-service';

function terminalStateOf(saved: TTerminalState, running: TerminalInfo[]): TTerminalState {
  const open = running
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .slice(0, SESSION_LIMITS.terminals)
    .map((info) => ({ id: info.id, cwd: posix.join(SANDBOX_WORKSPACE, info.cwd), command: info.shell }));
  const active = open.some((terminal) => terminal.id === saved.active_terminal) ? saved.active_terminal : (open[0]?.id ?? null);
  return { open_terminals: open, active_terminal: active };
}

/** The session with its running terminals as `terminal_state`, or as stored when none runs. */
export async function withRunningTerminals<T extends TWorkspaceSession>(context: TerminalsContext, session: T): Promise<T> {
  const { terminals, workspaces } = context.deps;
  if (!terminals) return session;
  const workspaceDir = workspaces.root.treePath(workspaceRef(context.auth.tenantId, session.session_id));
  let running: TerminalInfo[];
  try {
    running = (await terminals.host.list({ workspaceDir })).filter((info) => info.state === 'running');
  } catch {
    // The host unreachable (a restarting cluster primary) must not fail reading the session.
    return session;
  }
  return running.length === 0 ? session : { ...session, terminal_state: terminalStateOf(session.terminal_state, running) };
}
