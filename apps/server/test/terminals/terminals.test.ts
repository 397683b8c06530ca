// Real terminals end to end: a shell in bubblewrap under node-pty, driven over REST and the attach
// WebSocket — lifecycle, re-attach to the same shell with its screen, several attachments, exit.
import { describe, expect, it } from 'vitest';
import { sessionFiles } from '../support/session-files';
import { useTestServer } from '../support/test-server';
import { attachTerminal, ready } from '../support/pty-client';

const TERMINALS_ON = { TERMINALS_ENABLED: 'true' };

describe('terminals', () => {
  const server = useTestServer({ env: TERMINALS_ON });

  async function newTerminal(body: Record<string, unknown> = {}) {
    const files = await sessionFiles(server);
    const created = await server.api.post(`/sessions/${files.sessionId}/terminals`, body, files.user.accessToken);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { files, terminal: created.body.data as { terminal_id: string; title: string; state: string } };
  }

  it('creates, lists, renames and kills a terminal; the shell runs in the workspace', async () => {
    const { files, terminal } = await newTerminal({ title: 'build' });
    const token = files.user.accessToken;
    expect(terminal).toMatchObject({ session_id: files.sessionId, title: 'build', state: 'running', exit_code: null });

    const client = attachTerminal(server.url, files.sessionId, terminal.terminal_id, token);
    await ready(client);
    client.type('echo "hello $((6*7))" > made-here.txt; pwd; cat made-here.txt\r');
    await client.waitFor('hello 42');
    expect(client.output()).toContain('/workspace');
    expect((await files.get('made-here.txt')).body.data.content).toBe('hello 42\n');

    const renamed = await server.api.call('PATCH', `/sessions/${files.sessionId}/terminals/${terminal.terminal_id}`, {
      body: { title: 'tests' },
      token,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.title).toBe('tests');
    const list = await server.api.get(`/sessions/${files.sessionId}/terminals`, token);
    expect(list.status).toBe(200);
    expect(list.body.data.terminals).toMatchObject([{ terminal_id: terminal.terminal_id, title: 'tests', attachments: 1 }]);

    const killed = await server.api.delete(`/sessions/${files.sessionId}/terminals/${terminal.terminal_id}`, token);
    expect(killed.status).toBe(200);
    expect(killed.body.data.state).toBe('exited');
    const end = await client.closed;
    expect(end.code).toBe(1000);
    expect(client.controls.find((frame) => frame.type === 'exit')).toBeDefined();
    expect((await server.api.get(`/sessions/${files.sessionId}/terminals`, token)).body.data.terminals).toEqual([]);
  });

  it("shows the session's running terminals as its terminal_state, and what was saved once none runs", async () => {
    const { files, terminal } = await newTerminal({ cwd: '' });
    const token = files.user.accessToken;
    const second = await server.api.post(`/sessions/${files.sessionId}/terminals`, { shell: 'sh' }, token);
    expect(second.status).toBe(201);
    const saved = { open_terminals: [{ id: 'saved-by-a-client', cwd: '/elsewhere', command: 'zsh' }], active_terminal: 'gone' };
    const update = await server.api.put(`/sessions/${files.sessionId}`, { terminal_state: saved }, token);
    expect(update.status, JSON.stringify(update.body)).toBe(200);

    const shown = (await server.api.get(`/sessions/${files.sessionId}`, token)).body.data.terminal_state;
    expect(shown).toEqual({
      open_terminals: [
        { id: terminal.terminal_id, cwd: '/workspace', command: 'bash' },
        { id: second.body.data.terminal_id, cwd: '/workspace', command: 'sh' },
      ],
      // The saved active terminal is not one of them, so the first is.
      active_terminal: terminal.terminal_id,
    });

    await server.api.delete(`/sessions/${files.sessionId}/terminals/${terminal.terminal_id}`, token);
    await server.api.delete(`/sessions/${files.sessionId}/terminals/${second.body.data.terminal_id}`, token);
    expect((await server.api.get(`/sessions/${files.sessionId}`, token)).body.data.terminal_state).toEqual(saved);
  });
});
