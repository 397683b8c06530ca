// WORKERS=2 with terminals: the primary runs the machine's terminal host, numbers the live events
// and watches the trees, so whichever worker a connection lands on (the primary hands connections
// out in turn) reaches the same shell, and every tab sees each event once, under the same id.
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { freshConnectionCaller, startServerProcess, waitForWorkers } from '../support/server-process';
import { attachTerminal, ready, type PtyClient } from '../support/pty-client';
import { is, live, type LiveClient } from '../support/live-client';
import { startRedis, type RedisProcess } from '../support/redis-server';
import { Redis } from 'ioredis';

/** For frames and screens: a loaded 2-core machine runs three server processes here. */
const PATIENCE_MS = 20_000;
const TEST_TIMEOUT_MS = 180_000;

const sandboxDirs = () => readdir(tmpdir()).then((names) => names.filter((name) => name.startsWith('coditect-terminals-')));

describe('cluster mode with terminals and the live channel', () => {
  it.each([
    ['the primary', false],
    ['Redis', true],
  ])(
    'reaches one shell from every worker, and tells every tab each event once under one id (events numbered by %s)',
    async (_, withRedis) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'coditect-cluster-live-'));
      await chmod(dataDir, 0o711); // the sandbox's user (not root) enters it to reach the trees
      const socketDirsBefore = await sandboxDirs();
      let redis: RedisProcess | undefined;
      if (withRedis) redis = await startRedis();
      const server = await startServerProcess({
        DATA_DIR: dataDir,
        WORKERS: '2',
        TERMINALS_ENABLED: 'true',
        ...(redis ? { REDIS_URL: redis.url } : {}),
      });
      const sockets: Array<PtyClient | LiveClient> = [];
      try {
        await waitForWorkers(server, 2);
        const call = freshConnectionCaller(server);
        const registered = await call('POST', '/auth/register', {
          email: uniqueEmail('cluster-live'),
          password: TEST_PASSWORD,
          first_name: 'C',
          last_name: 'L',
        });
        expect(registered.status).toBe(201);
        const token = registered.body.data.tokens.access_token as string;
        const session = await call('POST', '/sessions', { name: 'shared shell' }, token);
        const sessionId = session.body.data.session_id as string;

        // Four tabs follow the session: with two workers, both have some.
        const tabs = [0, 1, 2, 3].map(() => live(server.url, token));
        sockets.push(...tabs);
        for (const tab of tabs) {
          await tab.next(is('ready'), PATIENCE_MS);
          tab.send({ type: 'subscribe', session_id: sessionId });
          await tab.next(is('subscribed'), PATIENCE_MS);
        }

        const terminal = await call('POST', `/sessions/${sessionId}/terminals`, { title: 'build' }, token);
        expect(terminal.status).toBe(201);
        const terminalId = terminal.body.data.terminal_id as string;
        const first = attachTerminal(server.url, sessionId, terminalId, token);
        sockets.push(first);
        await ready(first, PATIENCE_MS);
        first.type('export MARK=cluster; echo "set-$MARK"\r');
        await first.waitFor('set-cluster', PATIENCE_MS);
        // The host's socket (whoever reaches it starts shells anywhere) is not in the sandbox.
        const [hostDir] = (await sandboxDirs()).filter((name) => !socketDirsBefore.includes(name));
        const hostSocket = join(tmpdir(), hostDir!, 'host.sock');
        first.type(
          `test -e '${hostSocket}' && echo "sock-VISIBLE" || echo "sock-ABSENT"; echo "tmp-$(ls -a /tmp | grep -c coditect)"\r`,
        );
        await first.waitFor(/tmp-\d+\r?\n/, PATIENCE_MS);
        expect(first.output()).toMatch(/sock-ABSENT\r?\n/);
        expect(first.output()).not.toMatch(/sock-VISIBLE\r?\n/);
        expect(first.output()).toMatch(/tmp-0\r?\n/);
        // Attachments on fresh connections land on both workers: each replays the same screen and
        // types into the same shell.
        for (let index = 0; index < 3; index += 1) {
          const again = attachTerminal(server.url, sessionId, terminalId, token);
          sockets.push(again);
          await ready(again, PATIENCE_MS);
          await again.waitFor('set-cluster', PATIENCE_MS);
          again.type(`echo "from-$MARK-${index}"\r`);
          await first.waitFor(`from-cluster-${index}`, PATIENCE_MS);
        }
        for (let index = 0; index < 4; index += 1) {
          const listed = await call('GET', `/sessions/${sessionId}/terminals`, undefined, token);
          expect(listed.body.data.terminals).toMatchObject([{ terminal_id: terminalId, state: 'running', attachments: 4 }]);
        }

        // Saves through both workers: every tab gets each once, in order, under the same ids.
        for (let version = 1; version <= 4; version += 1) {
          const saved = await call('PUT', `/sessions/${sessionId}`, { name: `v${version}`, expected_version: version }, token);
          expect(saved.status).toBe(200);
        }
        const put = await call('PUT', `/sessions/${sessionId}/files/notes.md`, { content: 'hello' }, token);
        expect(put.status).toBe(200);
        first.type('exit 3\r');
        for (const tab of tabs) await tab.next(is('event', { event: 'terminal.exited' }), PATIENCE_MS);
        // A moment for anything sent twice to arrive as well.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const seen = tabs.map((tab) =>
          tab.frames
            .filter(is('event'))
            .filter((frame) => frame.event !== 'file.changed')
            .map((frame) => ({ id: frame.id, event: frame.event, data: frame.data })),
        );
        for (const tabEvents of seen.slice(1)) expect(tabEvents).toEqual(seen[0]);
        const updates = seen[0]!.filter((event) => event.event === 'session.updated');
        expect(updates.map((event) => (event.data as { version: number }).version)).toEqual([2, 3, 4, 5]);
        expect(seen[0]!.filter((event) => event.event === 'file.created')).toMatchObject([{ data: { path: 'notes.md' } }]);
        expect(seen[0]!.filter((event) => event.event === 'terminal.created')).toHaveLength(1);
        expect(seen[0]!.filter((event) => event.event === 'terminal.exited')).toMatchObject([
          { data: { terminal_id: terminalId, exit_code: 3 } },
        ]);
        expect(new Set(seen[0]!.map((event) => event.id)).size).toBe(seen[0]!.length);
        // Redis numbers events for every machine; without it the primary does, for its workers.
        if (redis) {
          const client = new Redis(redis.url);
          const [epoch, sequence] = await client.mget('coditect:live:epoch', 'coditect:live:sequence');
          client.disconnect();
          const numbers = seen[0]!.map((event) => Number(String(event.id).replace(`${epoch}-`, '')));
          expect(numbers.every((number) => Number.isInteger(number) && number <= Number(sequence))).toBe(true);
        }

        // SIGTERM: the workers drain, then the primary ends the terminals and removes its socket.
        const second = await call('POST', `/sessions/${sessionId}/terminals`, {}, token);
        expect(second.status).toBe(201);
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        expect(await sandboxDirs()).toEqual(socketDirsBefore);
      } finally {
        for (const socket of sockets) socket.ws.terminate();
        server.child.kill('SIGKILL');
        await redis?.kill();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT_MS,
  );

  it.each([
    ['the primary', false],
    ['Redis', true],
  ])(
    "merges both workers' followers of a session into one presence list (merged by %s)",
    async (_, withRedis) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'coditect-cluster-presence-'));
      const redis = withRedis ? await startRedis() : undefined;
      // Development: invitation mails wait in the outbox (kept by every worker) for the Admin.
      const server = await startServerProcess({
        DATA_DIR: dataDir,
        WORKERS: '2',
        NODE_ENV: 'development',
        ...(redis ? { REDIS_URL: redis.url } : {}),
      });
      const tabs: LiveClient[] = [];
      try {
        await waitForWorkers(server, 2);
        const call = freshConnectionCaller(server);
        const register = async (email: string, first_name: string) => {
          const registered = await call('POST', '/auth/register', { email, password: TEST_PASSWORD, first_name, last_name: 'P' });
          expect(registered.status).toBe(201);
          return registered.body.data.tokens.access_token as string;
        };
        const personal = await register(uniqueEmail('owner'), 'Ada');
        const organisation = await call('POST', '/tenants', { name: 'Followers' }, personal);
        const tenantId = organisation.body.data.tenant_id as string;
        const owner = (await call('POST', '/auth/switch-tenant', { tenant_id: tenantId }, personal)).body.data.tokens
          .access_token as string;
        const inviteeEmail = uniqueEmail('invitee');
        expect((await call('POST', '/invitations', { email: inviteeEmail, role: 'Developer' }, owner)).status).toBe(201);
        // The mail is kept by every worker: two requests in a row (one per worker, the primary
        // handing connections out in turn) both find it.
        type Mail = { to: string; text: string };
        const outboxes = async () => {
          const first = (await call('GET', '/invitations/outbox', undefined, owner)).body.data.mails as Mail[];
          const second = (await call('GET', '/invitations/outbox', undefined, owner)).body.data.mails as Mail[];
          return [first, second].map((mails) => mails.map((mail) => mail.to));
        };
        await expect.poll(outboxes, { timeout: PATIENCE_MS }).toEqual([[inviteeEmail], [inviteeEmail]]);
        const mails = (await call('GET', '/invitations/outbox', undefined, owner)).body.data.mails as Mail[];
        const link = new URL(mails[0]!.text.match(/https?:\/\/\S+/)![0]);
        const inviteePersonal = await register(inviteeEmail, 'Bo');
        const accepted = await call('POST', '/invitations/accept', { token: link.searchParams.get('token') }, inviteePersonal);
        expect(accepted.status).toBe(200);
        const invitee = (await call('POST', '/auth/switch-tenant', { tenant_id: tenantId }, inviteePersonal)).body.data.tokens
          .access_token as string;
        const session = await call('POST', '/sessions', { name: 'pairing' }, owner);
        const sessionId = session.body.data.session_id as string;
        expect((await call('PUT', `/sessions/${sessionId}/sharing`, { sharing: 'read' }, owner)).status).toBe(200);

        // Two tabs each, on new connections: each user has a tab on each worker, or at least the
        // two users are spread over both.
        for (const token of [owner, invitee, owner, invitee]) {
          const tab = live(server.url, token);
          tabs.push(tab);
          await tab.next(is('ready'), PATIENCE_MS);
          tab.send({ type: 'subscribe', session_id: sessionId });
          await tab.next(is('subscribed'), PATIENCE_MS);
        }
        const names = (frame: Record<string, unknown>) =>
          (frame.users as Array<{ full_name: string }>).map((user) => user.full_name);
        for (const tab of tabs) {
          await expect.poll(() => names(tab.frames.filter(is('presence')).at(-1) ?? { users: [] })).toEqual(['Ada P', 'Bo P']);
        }
        // One leaves: every remaining tab is told, whichever worker it is on.
        tabs[1]!.ws.close();
        tabs[3]!.ws.close();
        for (const tab of [tabs[0]!, tabs[2]!]) {
          await expect.poll(() => names(tab.frames.filter(is('presence')).at(-1)!)).toEqual(['Ada P']);
        }
        if (redis) {
          // The followers were kept in Redis, one field per worker, and the workers' own only.
          const client = new Redis(redis.url);
          try {
            const fields = await client.hgetall(`coditect:presence:${tenantId}/${sessionId}`);
            expect(Object.keys(fields).length).toBeGreaterThan(0);
            const kept = Object.values(fields).flatMap(
              (text) => (JSON.parse(text) as { users: Array<{ full_name: string }> }).users,
            );
            expect(kept.map((user) => user.full_name)).toEqual(Object.values(fields).map(() => 'Ada P'));
          } finally {
            client.disconnect();
          }
        }
      } finally {
        for (const tab of tabs) tab.ws.terminate();
        server.child.kill('SIGKILL');
        await redis?.kill();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
