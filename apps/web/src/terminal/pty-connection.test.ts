import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSockets } from '../api/test-support/fake-web-socket';
import { PtyConnection, type PtyState } from './pty-connection';

const SESSION = '11111111-1111-4111-8111-111111111111';
const TERMINAL = '44444444-4444-4444-8444-444444444444';
const terminal = {
  terminal_id: TERMINAL,
  session_id: SESSION,
  title: 'bash',
  state: 'running',
  exit_code: null,
  end_reason: null,
  cols: 80,
  rows: 24,
  attachments: 1,
  created_at: '2026-12-03T07:00:00.000Z',
};

function setup(
  tokens = { accessToken: vi.fn(async () => 'token-1'), tokenAfterRejection: vi.fn(async () => null as string | null) },
) {
  const sockets = fakeSockets();
  const states: PtyState[] = [];
  const output: string[] = [];
  let readies = 0;
  const decoder = new TextDecoder();
  const connection = new PtyConnection({
    sessionId: SESSION,
    terminalId: TERMINAL,
    url: `ws://localhost/api/v5/sessions/${SESSION}/terminals/${TERMINAL}/pty`,
    tokens,
    createSocket: sockets.create,
    backoff: { initialMs: 100, maxMs: 1000 },
    random: () => 1,
    handlers: {
      onReady: () => {
        readies += 1;
        output.length = 0;
      },
      onOutput: (bytes) => output.push(decoder.decode(bytes)),
      onState: (state) => states.push(state),
    },
  });
  const attach = async () => {
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets.latest();
    socket.serverOpens();
    socket.serverSends({ type: 'ready', terminal });
    return socket;
  };
  return { connection, sockets, states, output, attach, tokens, readies: () => readies };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer;

describe('PtyConnection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('authenticates first, then carries keystrokes and output as binary frames and resizes as control frames', async () => {
    const { connection, output, attach, states } = setup();
    connection.write('ls\r'); // typed before attaching: waits
    connection.resize(100, 30);
    const socket = await attach();
    expect(socket.binaryType).toBe('arraybuffer');
    expect(socket.sent[0]).toBe(JSON.stringify({ type: 'auth', token: 'token-1' }));
    expect(socket.frames()).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'resize', cols: 100, rows: 30 },
    ]);
    expect(new TextDecoder().decode(socket.sent.at(-1) as Uint8Array)).toBe('ls\r');
    socket.serverSends(bytes('$ ls\r\n'));
    expect(output).toEqual(['$ ls\r\n']);
    connection.write('pwd\r');
    expect(new TextDecoder().decode(socket.sent.at(-1) as Uint8Array)).toBe('pwd\r');
    connection.resize(100, 30); // unchanged: nothing sent
    connection.resize(120, 30);
    expect(socket.frames().at(-1)).toEqual({ type: 'resize', cols: 120, rows: 30 });
    expect(states.map((state) => state.state)).toEqual(['attached']);
  });

  it('reconnects after a drop, clearing the screen for the replay, and sends its size again', async () => {
    const { connection, sockets, states, output, attach, readies } = setup();
    connection.resize(90, 20);
    let socket = await attach();
    socket.serverSends(bytes('before'));
    socket.serverCloses(1006);
    expect(states.at(-1)).toEqual({ state: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    socket = sockets.latest();
    socket.serverOpens();
    socket.serverSends({ type: 'ready', terminal });
    socket.serverSends(bytes('replayed screen'));
    expect(readies()).toBe(2);
    expect(output).toEqual(['replayed screen']);
    expect(socket.frames()).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'resize', cols: 90, rows: 20 },
    ]);
  });

  it('ends with the exit frame and does not reconnect', async () => {
    const { sockets, states, attach } = setup();
    const socket = await attach();
    socket.serverSends({ type: 'exit', code: 130, reason: 'exited' });
    socket.serverCloses(1000, 'The terminal ended');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states.at(-1)).toEqual({ state: 'exited', code: 130, reason: 'exited' });
    expect(sockets.made).toHaveLength(1);
  });

  it('gives up on a terminal that is gone (4404) and says so', async () => {
    const { sockets, states } = setup();
    await vi.advanceTimersByTimeAsync(0);
    sockets.latest().serverOpens();
    sockets.latest().serverCloses(4404, 'Terminal not found');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states.at(-1)).toEqual({ state: 'closed', message: 'This terminal no longer exists.' });
    expect(sockets.made).toHaveLength(1);
  });

  it('retries once with a fresh token after 4401', async () => {
    const tokens = { accessToken: vi.fn(async () => 'old'), tokenAfterRejection: vi.fn(async () => 'new' as string | null) };
    const { sockets, states } = setup(tokens);
    await vi.advanceTimersByTimeAsync(0);
    sockets.latest().serverOpens();
    tokens.accessToken.mockResolvedValue('new');
    sockets.latest().serverCloses(4401, 'Token expired');
    await vi.advanceTimersByTimeAsync(0);
    expect(tokens.tokenAfterRejection).toHaveBeenCalledWith('old');
    sockets.latest().serverOpens();
    expect(sockets.latest().frames()[0]).toEqual({ type: 'auth', token: 'new' });
    sockets.latest().serverCloses(4401, 'Session ended');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets.made).toHaveLength(2);
    expect(states.at(-1)).toEqual({ state: 'closed', message: 'Session ended' });
  });

  it('ignores text frames that are not the protocol’s', async () => {
    const { output, attach, states } = setup();
    const socket = await attach();
    socket.serverSends('{"type":"exit","code":"soon"}');
    socket.serverSends('garbage');
    socket.serverSends({ type: 'ready' });
    socket.serverSends(bytes('still here'));
    expect(output).toEqual(['still here']);
    expect(states.map((state) => state.state)).toEqual(['attached']);
  });

  it('closes its socket when disposed and stays closed', async () => {
    const { connection, sockets, attach } = setup();
    const socket = await attach();
    connection.dispose();
    expect(socket.closedWith?.code).toBe(1000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets.made).toHaveLength(1);
  });
});
