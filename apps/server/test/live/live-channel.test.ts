// The live channel over real WebSockets: a tab subscribes to sessions and sees another tab's save
// (session.updated with its version), file changes from the workspace watcher, and terminal exits;
// a reconnect with its last event id gets what it missed; refusals are per subscription or close.
import { readdir } from 'node:fs/promises';
import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZLiveControlFrame, ZLiveEventFrame } from '@coditect/api/contract/sockets';
import { registerUser } from '../support/rest-client';
import { addColleague } from '../support/colleague';
import { sessionFiles } from '../support/session-files';
import { useTestServer } from '../support/test-server';
import { is, live, type LiveClient } from '../support/live-client';

describe('the live channel', () => {
  const server = useTestServer({ env: { TERMINALS_ENABLED: 'true' }, websockets: { heartbeatMs: 1000, authTimeoutMs: 1000 } });

  it('carries session.updated, file and terminal events to every subscribed tab, and resumes by id', async () => {
    const files = await sessionFiles(server);
    await files.put('a.txt', { content: 'one' });
    const token = files.user.accessToken;
    const tabs = [live(server.url, token), live(server.url, token)];
    for (const tab of tabs) {
      await tab.next(is('ready'));
      tab.send({ type: 'subscribe', session_id: files.sessionId });
      expect(await tab.next(is('subscribed'))).toMatchObject({ session_id: files.sessionId, version: 1 });
    }

    const saved = await server.api.call('PUT', `/sessions/${files.sessionId}`, { body: { name: 'Renamed' }, token });
    expect(saved.status).toBe(200);
    for (const tab of tabs) {
      const event = await tab.next(is('event', { event: 'session.updated' }));
      expect(event).toMatchObject({ session_id: files.sessionId, data: { version: 2 } });
      expect(typeof event.id).toBe('string');
    }

    await files.put('b.txt', { content: 'two' });
    expect(await tabs[0]!.next(is('event', { event: 'file.created' }))).toMatchObject({ data: { path: 'b.txt' } });

    const terminal = await server.api.post(`/sessions/${files.sessionId}/terminals`, { title: 'build' }, token);
    const terminalId = terminal.body.data.terminal_id as string;
    expect(await tabs[1]!.next(is('event', { event: 'terminal.created' }))).toMatchObject({
      data: { terminal_id: terminalId, title: 'build' },
    });
    await server.api.call('PATCH', `/sessions/${files.sessionId}/terminals/${terminalId}`, { body: { title: 'tests' }, token });
    expect(await tabs[0]!.next(is('event', { event: 'terminal.renamed' }))).toMatchObject({
      data: { terminal_id: terminalId, title: 'tests' },
    });
    await server.api.delete(`/sessions/${files.sessionId}/terminals/${terminal.body.data.terminal_id}`, token);
    expect(await tabs[1]!.next(is('event', { event: 'terminal.exited' }))).toMatchObject({
      data: { terminal_id: terminal.body.data.terminal_id, end_reason: 'killed' },
    });

    // A tab that reconnects with its last id receives what it missed, then live events.
    const lastSeen = tabs[1]!.frames.filter(is('event')).at(-1)!.id as string;
    tabs[1]!.ws.close();
    await server.api.call('PUT', `/sessions/${files.sessionId}`, { body: { name: 'Again' }, token });
    const back = live(server.url, token);
    await back.next(is('ready'));
    back.send({ type: 'subscribe', session_id: files.sessionId, last_event_id: lastSeen });
    expect(await back.next(is('event', { event: 'session.updated' }))).toMatchObject({ data: { version: 3 } });
    // An id the server no longer knows: a reset, so the tab reloads instead of trusting a gap.
    const stale = live(server.url, token);
    await stale.next(is('ready'));
    stale.send({ type: 'subscribe', session_id: files.sessionId, last_event_id: 'gone-1' });
    await stale.next(is('reset'));
    stale.send({ type: 'ping' });
    await stale.next(is('pong'));
    // Every frame is the contract's (the web app parses them with these schemas).
    for (const frame of [...tabs, back, stale].flatMap((client) => client.frames)) {
      const schema = frame.type === 'event' ? ZLiveEventFrame : ZLiveControlFrame;
      expect(schema.safeParse(frame).error, JSON.stringify(frame)).toBeUndefined();
    }
    for (const client of [tabs[0]!, back, stale]) client.ws.close();
  });

  it('refuses other tenants’ sessions per subscription, and bad credentials or frames with a close code', async () => {
    const files = await sessionFiles(server);
    const stranger = await registerUser(server.api);
    const theirs = live(server.url, stranger.accessToken);
    await theirs.next(is('ready'));
    theirs.send({ type: 'subscribe', session_id: files.sessionId });
    expect(await theirs.next(is('error'))).toMatchObject({ code: 'SESSION_NOT_FOUND', session_id: files.sessionId });
    await server.api.call('PUT', `/sessions/${files.sessionId}`, { body: { name: 'Private' }, token: files.user.accessToken });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(theirs.frames.filter(is('event'))).toEqual([]);
    // A session without a tree yet: the owner's subscription makes one, a stranger's must not.
    const bare = await server.api.post('/sessions', { name: 'No files yet' }, files.user.accessToken);
    const bareId = bare.body.data.session_id as string;
    theirs.send({ type: 'subscribe', session_id: bareId });
    expect(await theirs.next(is('error', { session_id: bareId }))).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const treesNamed = async (id: string) =>
      (await readdir(server.dataDir, { recursive: true })).filter((path) => path.split(sep).includes(id));
    expect(await treesNamed(bareId)).toEqual([]);
    const owner = live(server.url, files.user.accessToken);
    await owner.next(is('ready'));
    owner.send({ type: 'subscribe', session_id: bareId });
    await owner.next(is('subscribed'));
    expect(await treesNamed(bareId)).not.toEqual([]);
    owner.ws.close();

    theirs.send({ type: 'shout' });
    expect((await theirs.closed).code).toBe(4400);

    expect((await live(server.url, 'nonsense').closed).code).toBe(4401);
    expect((await server.api.get('/health')).status).toBe(200);
  });
  it('tells everyone following a shared session who else is there, each user once, as they come and go', async () => {
    const owner = await registerUser(server.api, { first_name: 'Olga', last_name: 'Owner' });
    const organisation = await server.api.post('/tenants', { name: 'Presence' }, owner.accessToken);
    const organisationId = organisation.body.data.tenant_id as string;
    const switched = await server.api.post('/auth/switch-tenant', { tenant_id: organisationId }, owner.accessToken);
    const ownerToken = switched.body.data.tokens.access_token as string;
    const viewer = await addColleague(server, organisationId, 'Viewer');
    const session = await server.api.post('/sessions', { name: 'Together' }, ownerToken);
    const sessionId = session.body.data.session_id as string;

    const ownerTabs = [live(server.url, ownerToken), live(server.url, ownerToken)];
    for (const tab of ownerTabs) {
      await tab.next(is('ready'));
      tab.send({ type: 'subscribe', session_id: sessionId });
    }
    const names = (frame: Record<string, unknown>) => (frame.users as Array<{ full_name: string }>).map((user) => user.full_name);
    const lastPresence = (tab: LiveClient) => tab.frames.filter(is('presence')).at(-1);
    await ownerTabs[1]!.next((frame) => is('presence')(frame) && names(frame).length === 1);
    expect(ZLiveControlFrame.parse(lastPresence(ownerTabs[1]!))).toEqual({
      type: 'presence',
      session_id: sessionId,
      users: [{ user_id: owner.userId, full_name: 'Olga Owner' }],
    });

    // Private: the Viewer's subscription is refused and nobody hears of them.
    const viewerTab = live(server.url, viewer.accessToken);
    await viewerTab.next(is('ready'));
    viewerTab.send({ type: 'subscribe', session_id: sessionId });
    expect(await viewerTab.next(is('error'))).toMatchObject({ code: 'SESSION_NOT_FOUND' });

    await server.api.put(`/sessions/${sessionId}/sharing`, { sharing: 'read' }, ownerToken);
    viewerTab.send({ type: 'subscribe', session_id: sessionId });
    await viewerTab.next(is('subscribed'));
    for (const tab of [...ownerTabs, viewerTab]) {
      await tab.next(() => names(lastPresence(tab) ?? { users: [] }).join() === 'Col League,Olga Owner');
    }
    viewerTab.ws.close();
    for (const tab of ownerTabs) await tab.next(() => names(lastPresence(tab) ?? { users: [] }).join() === 'Olga Owner');
    for (const tab of ownerTabs) tab.ws.close();
  });
});
