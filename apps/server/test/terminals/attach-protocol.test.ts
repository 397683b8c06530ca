// The attach WebSocket's protocol and its refusals: re-attach to the same shell with its screen,
// several attachments at once, resize, the exit frame; bad credentials, another tenant's terminal,
// bad frames and unknown paths each close with their own code — and the server carries on.
import { describe, expect, it } from 'vitest';
import { ZPtyServerFrame } from '@coditect/api/contract/sockets';
import { registerUser } from '../support/rest-client';
import { sessionFiles } from '../support/session-files';
import { testServer, useTestServer } from '../support/test-server';
import { attachTerminal, openSocket, ptyUrl, ready } from '../support/pty-client';

describe('the attach socket', () => {
  const server = useTestServer({ env: { TERMINALS_ENABLED: 'true' }, websockets: { heartbeatMs: 200, authTimeoutMs: 500 } });

  async function newTerminal() {
    const files = await sessionFiles(server);
    const created = await server.api.post(`/sessions/${files.sessionId}/terminals`, {}, files.user.accessToken);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { files, token: files.user.accessToken, terminalId: created.body.data.terminal_id as string };
  }

  it('re-attaches to the same shell and replays its screen; two attachments see the same bytes', async () => {
    const { files, token, terminalId } = await newTerminal();
    const first = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(first);
    first.type('export X=1; echo "marker-$X"\r');
    await first.waitFor('marker-1');
    first.close();
    await first.closed;

    // A reload: a new socket reaches the same shell, its screen replayed first.
    const second = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(second);
    await second.waitFor('marker-1');
    const third = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(third);
    second.type('echo "again-$X"\r');
    await second.waitFor('again-1');
    await third.waitFor('again-1');
    second.ws.send(JSON.stringify({ type: 'resize', cols: 100, rows: 40 }));
    second.type('stty size\r');
    await third.waitFor('40 100');

    // The shell ends on its own: every attachment gets the exit frame with its code.
    second.type('exit 7\r');
    for (const client of [second, third]) {
      expect((await client.closed).code).toBe(1000);
      expect(client.controls.find((frame) => frame.type === 'exit')).toMatchObject({ code: 7 });
    }
    // Every control frame is the contract's (the web app parses them with these schemas).
    for (const frame of [first, second, third].flatMap((client) => client.controls)) {
      expect(ZPtyServerFrame.safeParse(frame).error).toBeUndefined();
    }
    const list = await server.api.get(`/sessions/${files.sessionId}/terminals`, token);
    expect(list.body.data.terminals).toMatchObject([{ terminal_id: terminalId, state: 'exited', exit_code: 7 }]);
  });

  it('takes a write API key as the token, and refuses a read key (an attachment types into the shell)', async () => {
    const { files, terminalId } = await newTerminal();
    const keyOf = async (scope: string) =>
      (await server.api.post('/api-keys', { name: scope, scope }, files.user.accessToken)).body.data.secret as string;
    const client = attachTerminal(server.url, files.sessionId, terminalId, await keyOf('write'));
    await ready(client);
    client.close();
    const reader = attachTerminal(server.url, files.sessionId, terminalId, await keyOf('read'));
    expect(await reader.closed).toMatchObject({ code: 4403 });
  });

  it('closes with a clear code for bad credentials, other tenants, bad frames and silence', async () => {
    const { files, token, terminalId } = await newTerminal();
    const url = ptyUrl(server.url, files.sessionId, terminalId);
    const closeOf = (first: string | Buffer | undefined) => openSocket(url, first).closed;

    expect(await closeOf(JSON.stringify({ type: 'auth', token: 'not-a-token' }))).toMatchObject({ code: 4401 });
    expect(await closeOf(JSON.stringify({ type: 'auth' }))).toMatchObject({ code: 4401 });
    expect(await closeOf('{not json')).toMatchObject({ code: 4400 });
    expect(await closeOf(Buffer.from('binary first'))).toMatchObject({ code: 4400 });
    expect(await closeOf(JSON.stringify({ type: 'hello' }))).toMatchObject({ code: 4400 });
    expect(await closeOf(undefined)).toMatchObject({ code: 4401, reason: 'No auth frame in time' });

    // Another tenant's terminal is not found, whether through their own session or the owner's.
    const stranger = await registerUser(server.api);
    expect(await attachTerminal(server.url, files.sessionId, terminalId, stranger.accessToken).closed).toMatchObject({
      code: 4404,
    });
    const theirs = await sessionFiles(server, stranger);
    await theirs.put('x.txt', { content: 'x' });
    expect(await attachTerminal(server.url, theirs.sessionId, terminalId, stranger.accessToken).closed).toMatchObject({
      code: 4404,
    });
    expect(await attachTerminal(server.url, files.sessionId, '00000000-0000-4000-8000-000000000000', token).closed).toMatchObject(
      { code: 4404 },
    );

    // A bad control frame after ready.
    const client = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(client);
    client.ws.send('{"type":"resize","cols":"wide"}');
    expect(await client.closed).toMatchObject({ code: 4400 });
    const huge = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(huge);
    huge.ws.send(JSON.stringify({ type: 'resize', cols: 100_000, rows: 10 }));
    expect(await huge.closed).toMatchObject({ code: 4400 });

    // Not a WebSocket route at all.
    const nowhere = openSocket(`${server.url.replace('http', 'ws')}/api/v5/sessions/${files.sessionId}/pty`, undefined);
    expect((await nowhere.closed).code).toBe(1006);

    // Through all of that the shell and the server carry on.
    const after = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(after);
    after.type('echo still-here\r');
    await after.waitFor('still-here');
    after.close();
    expect((await server.api.get('/health')).status).toBe(200);
  });

  it('drops a peer that stops answering pings', async () => {
    const { files, token, terminalId } = await newTerminal();
    const client = attachTerminal(server.url, files.sessionId, terminalId, token);
    await ready(client);
    // A peer gone silent: its socket stops reading (and so answering pings).
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const list = await server.api.get(`/sessions/${files.sessionId}/terminals`, token);
    expect(list.body.data.terminals[0].attachments).toBe(0);
    client.ws.terminate();
  });
});

describe('terminal lifetime', () => {
  it('kills a session’s terminals with the session, and reaps unattached ones after TERMINAL_IDLE_TTL', async () => {
    await using server = await testServer({ env: { TERMINALS_ENABLED: 'true', TERMINAL_IDLE_TTL: '1s' } });
    const files = await sessionFiles(server);
    const token = files.user.accessToken;
    const created = await server.api.post(`/sessions/${files.sessionId}/terminals`, {}, token);
    const idle = await server.api.post(`/sessions/${files.sessionId}/terminals`, {}, token);
    const watched = attachTerminal(server.url, files.sessionId, created.body.data.terminal_id as string, token);
    await ready(watched);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const list = await server.api.get(`/sessions/${files.sessionId}/terminals`, token);
    const byId = new Map<string, object>(list.body.data.terminals.map((t: { terminal_id: string }) => [t.terminal_id, t]));
    expect(byId.get(created.body.data.terminal_id)).toMatchObject({ state: 'running' });
    expect(byId.get(idle.body.data.terminal_id) ?? { state: 'exited', end_reason: 'idle' }).toMatchObject({ state: 'exited' });

    expect((await server.api.delete(`/sessions/${files.sessionId}`, token)).status).toBe(200);
    expect((await watched.closed).code).toBe(1000);
    expect(await server.deps.terminals!.host.list()).toEqual([]);
  });

  it('answers 503 when terminals are off', async () => {
    await using server = await testServer();
    const files = await sessionFiles(server);
    const created = await server.api.post(`/sessions/${files.sessionId}/terminals`, {}, files.user.accessToken);
    expect([created.status, created.body.error.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
  });
});
