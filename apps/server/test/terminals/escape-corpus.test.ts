// Ways out of a terminal's sandbox, tried from inside a real terminal over its WebSocket: the
// host's secrets, the server's data, another workspace, the server's environment and port, a fork
// bomb, a file past the size limit, kill -9 -1 and a symlink to /. After each, the server answers
// and the other workspace is intact.
import { describe, expect, it } from 'vitest';
import { sessionFiles } from '../support/session-files';
import { TEST_JWT_SECRET, useTestServer } from '../support/test-server';
import { attachTerminal, ready, type PtyClient } from '../support/pty-client';

describe('the terminal sandbox holds', () => {
  const server = useTestServer({
    env: { TERMINALS_ENABLED: 'true', TERMINAL_PROCESSES: '64', TERMINAL_FILE_SIZE: '1mb' },
  });

  async function shell() {
    const files = await sessionFiles(server);
    const created = await server.api.post(`/sessions/${files.sessionId}/terminals`, {}, files.user.accessToken);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const client = attachTerminal(server.url, files.sessionId, created.body.data.terminal_id as string, files.user.accessToken);
    await ready(client);
    return { files, client };
  }

  /** Runs a command line and returns what it printed between two markers. */
  async function run(client: PtyClient, command: string, timeoutMs = 15_000): Promise<string> {
    const id = Math.random().toString(36).slice(2, 8);
    // Quotes split the markers in the typed line, so only the printed ones match.
    client.type(`echo B${id}''E; ${command}; echo "RC=$?"; echo F${id}''E\r`);
    const screen = await client.waitFor(new RegExp(`F${id}E\\r?\\n`), timeoutMs);
    const start = screen.lastIndexOf(`B${id}E`);
    return screen.slice(start, screen.lastIndexOf(`F${id}E`));
  }

  it('reveals nothing of the host, the server or other workspaces', async () => {
    const other = await sessionFiles(server);
    await other.put('secret.txt', { content: 'other workspace' });
    const { files, client } = await shell();

    expect(await run(client, 'cat /etc/shadow')).toMatch(/No such file|Permission denied/);
    expect(await run(client, `ls ${server.dataDir}`)).toMatch(/No such file/);
    expect(await run(client, `cat ${other.tree}/secret.txt`)).toMatch(/No such file/);
    expect(await run(client, 'ls /workspace/.. ; ls / | tr "\\n" " "')).not.toContain('secret.txt');
    const environ = await run(client, 'cat /proc/1/environ | tr "\\0" "\\n"; env');
    expect(environ).not.toContain(TEST_JWT_SECRET);
    expect(environ).not.toContain('JWT_SECRET');
    expect(await run(client, 'ps -e -o pid,comm 2>/dev/null | wc -l || ls /proc | grep -c "^[0-9]"')).toMatch(/\b[1-9]\b/);
    const port = new URL(server.url).port;
    expect(await run(client, `exec 3<>/dev/tcp/127.0.0.1/${port} && echo CONNECTED`)).not.toContain('CONNECTED');
    expect(await run(client, 'touch /usr/bin/evil /etc/evil 2>&1')).toMatch(/Read-only file system|Permission denied/);

    // A file past TERMINAL_FILE_SIZE stops at the limit.
    expect(await run(client, 'head -c 3000000 /dev/zero > big.bin; stat -c %s big.bin')).toMatch(/1048576/);

    // A symlink to / is a link into the sandbox's own root inside; through the API it leads nowhere.
    await run(client, 'ln -s / root-link && ln -s /etc/passwd passwd-link');
    const viaLink = await files.get('root-link/etc/passwd');
    expect(viaLink.status).toBeGreaterThanOrEqual(400);
    const viaFileLink = await files.get('passwd-link');
    expect(viaFileLink.status).toBeGreaterThanOrEqual(400);

    expect((await other.get('secret.txt')).body.data.content).toBe('other workspace');
    expect((await server.api.get('/health')).status).toBe(200);
    client.close();
  });

  it('bounds a fork bomb, and kill -9 -1 ends only the sandbox', async () => {
    const { files, client } = await shell();
    const bystander = await shell();
    // Builtins only: at the limit nothing in that sandbox can fork, the counting included.
    const bomb = await run(
      client,
      'bomb() { bomb | bomb & }; (bomb) 2>/dev/null; end=$((SECONDS + 2)); while [ $SECONDS -lt $end ]; do :; done; ' +
        'n=0; for p in /proc/[0-9]*; do n=$((n + 1)); done; echo "processes=$n"',
      20_000,
    );
    const processes = Number(/processes=(\d+)/.exec(bomb)?.[1]);
    expect(processes).toBeGreaterThan(10);
    expect(processes).toBeLessThanOrEqual(64 + 2);
    // Another terminal is unaffected by its neighbour's spent process budget.
    expect(await run(bystander.client, 'for i in 1 2 3 4 5; do (true) & done; wait; echo fine')).toContain('fine');
    expect((await server.api.get('/health')).status).toBe(200);
    // Killing the terminal ends the bomb with it.
    const terminalId = (await server.api.get(`/sessions/${files.sessionId}/terminals`, files.user.accessToken)).body.data
      .terminals[0].terminal_id as string;
    expect((await server.api.delete(`/sessions/${files.sessionId}/terminals/${terminalId}`, files.user.accessToken)).status).toBe(
      200,
    );
    expect((await client.closed).code).toBe(1000);

    // kill -9 -1 signals every process of the sandbox but its init and the caller: the sandbox's
    // own background jobs die, the shell carries on, nothing outside is touched.
    const killer = await shell();
    expect(await run(killer.client, 'sleep 600 & echo started')).toContain('started');
    const killed = await run(
      killer.client,
      'kill -9 -1; sleep 0.2; n=0; for p in /proc/[0-9]*; do n=$((n + 1)); done; echo "left=$n"',
    );
    expect(Number(/left=(\d+)/.exec(killed)?.[1])).toBeLessThanOrEqual(3);
    expect(await run(bystander.client, 'echo bystander-alive')).toContain('bystander-alive');
    expect((await server.api.get('/health')).status).toBe(200);
    bystander.client.close();
  }, 40_000);
});
