// terminal.exited on the live channel: the host reports every end, and the terminal's workspace
// directory (<workspaces>/<tenant>/<session>/tree) names the session it belongs to.
import { relative, sep } from 'node:path';
import type { TerminalHost } from '@coditect/sandbox';
import type { LiveEvents } from '@coditect/api';

export function publishTerminalExits(host: TerminalHost, workspacesRoot: string, events: LiveEvents): () => void {
  return host.onExit((info) => {
    const [tenantId, sessionId, tree] = relative(workspacesRoot, info.workspaceDir).split(sep);
    if (!tenantId || !sessionId || tree !== 'tree') return;
    events.publish({
      tenant_id: tenantId,
      session_id: sessionId,
      type: 'terminal.exited',
      data: { terminal_id: info.id, exit_code: info.exitCode, end_reason: info.endReason },
    });
  });
}
