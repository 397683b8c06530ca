import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSockets } from '../api/test-support/fake-web-socket';
import { LiveChannel, type SessionFollower } from './live-channel';

const SESSION = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const USER = '33333333-3333-4333-8333-333333333333';

function sessionUpdated(id: string, version: number, sessionId = SESSION) {
  return { type: 'event', id, event: 'session.updated', session_id: sessionId, data: { version, fields_updated: ['name'] } };
}

function setup(tokens = { accessToken: vi.fn(async () => 'token-1'), tokenAfterRejection: vi.fn(async () => null) }) {
  const sockets = fakeSockets();
  const channel = new LiveChannel({
    url: 'ws://localhost/api/v5/events',
    tokens,
    createSocket: sockets.create,
    backoff: { initialMs: 100, maxMs: 1000 },
    pingIntervalMs: 1000,
    pongTimeoutMs: 500,
    random: () => 1,
  });
  const events: unknown[] = [];
  const follower: SessionFollower & { versions: number[]; resets: number; refusals: string[] } = {
    versions: [],
    resets: 0,
    refusals: [],
    onEvent: (event) => events.push(event),
    onSubscribed(version) {
      this.versions.push(version);
    },
    onReset() {
      this.resets += 1;
    },
    onRefused(code) {
      this.refusals.push(code);
    },
  };
  /** Lets the channel fetch its token and open the socket, then plays the server's welcome. */
  const connect = async () => {
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets.latest();
    socket.serverOpens();
    socket.serverSends({ type: 'ready', user_id: USER });
    return socket;
  };
  return { channel, sockets, events, follower, connect, tokens };
}

describe('LiveChannel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the token in its first frame, subscribes the followed sessions and hands their events on', async () => {
    const { channel, events, follower, connect } = setup();
    channel.follow(SESSION, follower);
    channel.start();
    expect(channel.state()).toEqual({ state: 'connecting' });
    const socket = await connect();
    expect(socket.url).toBe('ws://localhost/api/v5/events');
    expect(channel.state()).toEqual({ state: 'live' });
    expect(socket.frames()).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'subscribe', session_id: SESSION },
    ]);
    socket.serverSends({ type: 'subscribed', session_id: SESSION, version: 4 });
    socket.serverSends(sessionUpdated('b-1', 5));
    expect(follower.versions).toEqual([4]);
    expect(events).toEqual([
      expect.objectContaining({ id: 'b-1', event: 'session.updated', data: { version: 5, fields_updated: ['name'] } }),
    ]);
  });

  it('hands presence frames to the followers of that session only', async () => {
    const { channel, follower, connect } = setup();
    const presence: unknown[] = [];
    const other: SessionFollower = { onEvent: () => {}, onPresence: (users) => presence.push(['other', users]) };
    channel.follow(SESSION, { ...follower, onPresence: (users) => presence.push(['session', users]) });
    channel.follow(OTHER, other);
    channel.start();
    const socket = await connect();
    const users = [{ user_id: USER, full_name: 'Ada Lovelace' }];
    socket.serverSends({ type: 'presence', session_id: SESSION, users });
    socket.serverSends({ type: 'presence', session_id: SESSION, users: [] });
    expect(presence).toEqual([
      ['session', users],
      ['session', []],
    ]);
    expect(channel.ignoredFrames).toBe(0);
  });

  it('reconnects after a drop, waiting longer each time, and resumes from the last event seen', async () => {
    const { channel, sockets, events, follower, connect } = setup();
    channel.follow(SESSION, follower);
    channel.start();
    let socket = await connect();
    socket.serverSends({ type: 'subscribed', session_id: SESSION, version: 1 });
    socket.serverSends(sessionUpdated('b-7', 2));

    socket.serverCloses(1006);
    expect(channel.state()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    sockets.latest().serverCloses(1006); // refused again before opening
    expect(channel.state()).toMatchObject({ state: 'reconnecting', attempt: 2 });
    await vi.advanceTimersByTimeAsync(199);
    expect(sockets.made).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    socket = sockets.latest();
    socket.serverOpens();
    socket.serverSends({ type: 'ready', user_id: USER });
    expect(socket.frames()).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'subscribe', session_id: SESSION, last_event_id: 'b-7' },
    ]);
    // What was missed comes first, then live events; the waits start again from the shortest.
    socket.serverSends({ type: 'subscribed', session_id: SESSION, version: 3 });
    socket.serverSends(sessionUpdated('b-8', 3));
    expect(events.map((event) => (event as { id: string }).id)).toEqual(['b-7', 'b-8']);
    socket.serverCloses(1001, 'The server is shutting down');
    expect(channel.state()).toMatchObject({ state: 'reconnecting', attempt: 1 });
  });

  it('tells followers to reload when the server no longer has the last event', async () => {
    const { channel, follower, connect } = setup();
    channel.follow(SESSION, follower);
    channel.start();
    const socket = await connect();
    socket.serverSends({ type: 'subscribed', session_id: SESSION, version: 1 });
    socket.serverSends({ type: 'reset', session_id: SESSION });
    expect(follower.resets).toBe(1);
  });

  it('ignores frames that are not the protocol’s and keeps going', async () => {
    const { channel, events, follower, connect } = setup();
    channel.follow(SESSION, follower);
    channel.start();
    const socket = await connect();
    socket.serverSends('not json');
    socket.serverSends({ type: 'event', id: 'x', event: 'session.updated', session_id: SESSION, data: { version: 'nine' } });
    socket.serverSends({ type: 'event', id: 'y', event: 'planet.exploded', session_id: SESSION, data: {} });
    socket.serverSends({ type: 'surprise' });
    socket.serverSends([1, 2, 3]);
    socket.serverSends(new ArrayBuffer(4));
    expect(channel.ignoredFrames).toBe(6);
    expect(events).toEqual([]);
    socket.serverSends(sessionUpdated('b-2', 2));
    expect(events).toHaveLength(1);
    expect(channel.state()).toEqual({ state: 'live' });
  });

  it('drops a socket that stops answering pings and connects afresh', async () => {
    const { channel, sockets, connect } = setup();
    channel.start();
    const socket = await connect();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.frames().at(-1)).toEqual({ type: 'ping' });
    socket.serverSends({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(channel.state()).toEqual({ state: 'live' });
    await vi.advanceTimersByTimeAsync(500); // the second ping is never answered
    expect(socket.closedWith).toBeDefined();
    expect(channel.state()).toMatchObject({ state: 'reconnecting' });
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets.made).toHaveLength(2);
  });

  it('asks for a fresh token after 4401, and stops when there is none (signed out)', async () => {
    const tokens = {
      accessToken: vi.fn(async () => 'old'),
      tokenAfterRejection: vi.fn(async (rejected: string) => (rejected === 'old' ? 'new' : null)),
    };
    const { channel, sockets } = setup(tokens);
    channel.start();
    await vi.advanceTimersByTimeAsync(0);
    sockets.latest().serverOpens();
    tokens.accessToken.mockResolvedValue('new');
    sockets.latest().serverCloses(4401, 'Token expired');
    await vi.advanceTimersByTimeAsync(0);
    expect(tokens.tokenAfterRejection).toHaveBeenCalledWith('old');
    expect(sockets.made).toHaveLength(2);
    sockets.latest().serverOpens();
    expect(sockets.latest().frames()[0]).toEqual({ type: 'auth', token: 'new' });
    sockets.latest().serverCloses(4401, 'Session ended');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets.made).toHaveLength(2);
    expect(channel.state()).toEqual({ state: 'stopped' });
  });

  it('subscribes a session followed while live, passes refusals on, and unsubscribes when the last follower leaves', async () => {
    const { channel, follower, connect } = setup();
    channel.start();
    const socket = await connect();
    const stop = channel.follow(OTHER, follower);
    const stopSecond = channel.follow(OTHER, { onEvent: () => undefined });
    expect(socket.frames().filter((frame) => frame.type === 'subscribe')).toHaveLength(1);
    socket.serverSends({ type: 'error', session_id: OTHER, code: 'SESSION_NOT_FOUND', message: 'Session not found' });
    expect(follower.refusals).toEqual(['SESSION_NOT_FOUND']);
    socket.serverSends({ type: 'subscribed', session_id: OTHER, version: 1 });
    stop();
    expect(socket.frames().at(-1)).toEqual({ type: 'subscribe', session_id: OTHER });
    stopSecond();
    expect(socket.frames().at(-1)).toEqual({ type: 'unsubscribe', session_id: OTHER });
  });

  it('stops without reconnecting and closes its socket', async () => {
    const { channel, sockets, connect } = setup();
    channel.start();
    const socket = await connect();
    channel.stop();
    expect(socket.closedWith?.code).toBe(1000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets.made).toHaveLength(1);
    expect(channel.state()).toEqual({ state: 'stopped' });
  });
});
