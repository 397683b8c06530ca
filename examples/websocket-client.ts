// A script that uses Coditect's two WebSockets with an API key: the live channel (events of the
// sessions you subscribe to) and a terminal's attach socket (a real shell in the session's
// sandboxed workspace). It creates a session, subscribes to it, writes a file and renames the
// session over REST and sees both arrive as events, then runs a command in a terminal and sees
// the terminal's exit arrive too.
//
//   # an API key with scope "write" (Profile › API keys in the IDE, or POST /api/v5/api-keys)
//   CODITECT_URL=http://localhost:8080 CODITECT_API_KEY=cdk_... npx tsx examples/websocket-client.ts
//
// Both sockets take the credential in their first text frame, {"type":"auth","token":"..."},
// never in the URL; a refusal closes the socket with 4000 + the HTTP status (4401, 4403, 4404).
// The frames are listed in docs/api-rules.md › WebSockets.
import WebSocket from 'ws';

/** What the live channel sends (a subset: the frames this script reads). */
type LiveFrame =
  | { type: 'ready'; user_id: string }
  | { type: 'subscribed'; session_id: string; version: number }
  | { type: 'event'; id: string; session_id: string; event: string; data: Record<string, unknown> }
  | { type: 'error'; session_id: string; code: string; message: string }
  | { type: 'reset' | 'unsubscribed'; session_id: string }
  | { type: 'pong' };

export interface WebSocketExampleOutcome {
  sessionId: string;
  /** Event names in the order they arrived. */
  events: string[];
  terminalOutput: string;
  exitCode: number | null;
}

const TIMEOUT_MS = 15_000;

export async function runWebSocketExample(
  baseUrl: string,
  apiKey: string,
  log: (line: string) => void = console.log,
): Promise<WebSocketExampleOutcome> {
  const api = `${baseUrl}/api/v5`;
  const socketBase = api.replace(/^http/, 'ws');
  const rest = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = (await response.json()) as { success: boolean; data?: Record<string, unknown>; error?: unknown };
    if (!envelope.success) throw new Error(`${method} ${path} failed: ${JSON.stringify(envelope.error)}`);
    return envelope.data!;
  };

  const session = await rest('POST', '/sessions', { name: 'WebSocket example' });
  const sessionId = session.session_id as string;
  log(`session ${sessionId}`);

  // The live channel: one socket, any number of subscribed sessions.
  const live = new WebSocket(`${socketBase}/events`);
  const frames: LiveFrame[] = [];
  const waiters: Array<() => void> = [];
  live.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as LiveFrame);
    for (const wake of waiters.splice(0)) wake();
  });
  const nextFrame = async (match: (frame: LiveFrame) => boolean, what: string): Promise<LiveFrame> => {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const index = frames.findIndex(match);
      if (index >= 0) return frames.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  };
  const events: string[] = [];
  const nextEvent = async (name: string) => {
    const frame = await nextFrame((f) => f.type === 'event' && f.event === name, `${name} event`);
    events.push(name);
    return frame as Extract<LiveFrame, { type: 'event' }>;
  };

  await new Promise<void>((resolve, reject) => live.once('open', resolve).once('error', reject));
  live.send(JSON.stringify({ type: 'auth', token: apiKey }));
  await nextFrame((f) => f.type === 'ready', 'ready frame');
  live.send(JSON.stringify({ type: 'subscribe', session_id: sessionId }));
  const subscribed = await nextFrame((f) => f.type === 'subscribed' || f.type === 'error', 'subscription');
  if (subscribed.type === 'error') throw new Error(`subscribe refused: ${subscribed.message}`);
  log('subscribed to the session');

  // Changes made over REST (by this script, another tab or the agent) arrive as events.
  await rest('PUT', `/sessions/${sessionId}/files/notes.md`, { content: '# Notes\n' });
  log(`event file.created ${String((await nextEvent('file.created')).data.path)}`);
  await rest('PUT', `/sessions/${sessionId}`, { name: 'WebSocket example (renamed)' });
  log(`event session.updated to version ${String((await nextEvent('session.updated')).data.version)}`);

  // A terminal: created over REST, driven over its attach socket.
  const terminal = await rest('POST', `/sessions/${sessionId}/terminals`, { title: 'example' });
  const terminalId = terminal.terminal_id as string;
  const pty = new WebSocket(`${socketBase}/sessions/${sessionId}/terminals/${terminalId}/pty`);
  let output = '';
  const exited = new Promise<number | null>((resolve, reject) => {
    pty.on('message', (data, isBinary) => {
      if (isBinary) {
        output += data.toString();
        return;
      }
      const frame = JSON.parse(data.toString()) as { type: string; code?: number | null };
      if (frame.type === 'ready') {
        pty.send(JSON.stringify({ type: 'resize', cols: 100, rows: 30 }));
        // Keystrokes are binary frames: what a user types, Enter included.
        pty.send(Buffer.from('echo "hello from $(pwd), $((6 * 7))"; exit 3\r'));
      }
      if (frame.type === 'exit') resolve(frame.code ?? null);
    });
    pty.once('close', (code, reason) => reject(new Error(`attach socket closed: ${code} ${reason.toString()}`)));
    setTimeout(() => reject(new Error(`the terminal did not exit within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref();
  });
  await new Promise<void>((resolve, reject) => pty.once('open', resolve).once('error', reject));
  pty.send(JSON.stringify({ type: 'auth', token: apiKey }));
  const exitCode = await exited;
  pty.close();
  log(`terminal exited with ${String(exitCode)}`);
  await nextEvent('terminal.exited');

  live.close(1000);
  await rest('DELETE', `/sessions/${sessionId}`);
  log('session deleted');
  return { sessionId, events, terminalOutput: output, exitCode };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.env.CODITECT_URL ?? 'http://localhost:8080';
  const apiKey = process.env.CODITECT_API_KEY;
  if (!apiKey) {
    console.error('Set CODITECT_API_KEY to an API key with scope "write".');
    process.exit(2);
  }
  runWebSocketExample(baseUrl, apiKey).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
