// What the terminals domain needs from the process: the machine's terminal host (in this process,
// or the cluster primary's reached over its socket) and how terminals are configured. Absent when
// terminals are turned off or the sandbox does not work here.
import type { TerminalHost } from '@coditect/sandbox';

export interface SessionTerminals {
  host: TerminalHost;
  /** Terminals share the host's network (TERMINAL_NETWORK). */
  network: boolean;
  /** The shell when neither the request nor the `terminal.shell` setting names one. */
  defaultShell: string;
}
