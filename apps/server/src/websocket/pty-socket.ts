// The attach WebSocket of one terminal (GET /api/v5/sessions/:session_id/terminals/:terminal_id/pty).
// After the auth frame: {"type":"ready","terminal":…}, the recent screen, then the terminal's bytes
// as binary frames both ways; text frames are JSON control (client: resize; server: exit).
import type { WebSocket } from 'ws';
import type { TerminalHost } from '@coditect/sandbox';
import type { TRunningTerminal as RunningTerminal } from '@coditect/api';
import {
  authenticateFirstFrame,
  closeWith,
  resumeAfterAuth,
  controlFrame,
  keepAlive,
  type FirstFrameOptions,
} from './socket-auth';

/** Output queued for a client beyond this is not read: the client is too slow and is closed. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface PtySocketOptions {
  host: TerminalHost;
  heartbeatMs: number;
  authTimeoutMs: number;
  check: FirstFrameOptions['check'];
}

export async function servePtySocket(ws: WebSocket, options: PtySocketOptions): Promise<void> {
  keepAlive(ws, options.heartbeatMs);
  const terminal = (await authenticateFirstFrame(ws, {
    timeoutMs: options.authTimeoutMs,
    check: options.check,
  })) as RunningTerminal | undefined;
  if (!terminal) return;
  const { host } = options;
  const id = terminal.terminal_id;
  ws.send(JSON.stringify({ type: 'ready', terminal }));
  let detach: (() => void) | undefined;
  let closed = false;
  ws.once('close', () => {
    closed = true;
    detach?.();
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      host.write(id, Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
      return;
    }
    const frame = controlFrame(data, false);
    if (frame?.type === 'resize') {
      const { cols, rows } = frame;
      if (typeof cols === 'number' && typeof rows === 'number') {
        host.resize(id, cols, rows).catch(() => closeWith(ws, 4400, 'cols and rows out of range'));
        return;
      }
    }
    closeWith(ws, 4400, 'A text frame must be {"type":"resize","cols":N,"rows":N}');
  });
  try {
    detach = await host.attach(id, {
      onData(bytes) {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          closeWith(ws, 4408, 'The client reads too slowly');
          return;
        }
        ws.send(bytes, { binary: true });
      },
      onExit(info) {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(JSON.stringify({ type: 'exit', code: info.exitCode, reason: info.endReason }));
        ws.close(1000, 'The terminal ended');
      },
    });
  } catch {
    closeWith(ws, 4404, 'Terminal not found');
    return;
  } finally {
    resumeAfterAuth(ws);
  }
  if (closed) detach();
}
