import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { TUpdateSessionRequest, TUpdateSessionResponse, TWorkspaceSession } from '@coditect/api/contract';
import {
  DEFAULT_DEBOUNCE_MS,
  DEFAULT_MAX_WAIT_MS,
  DEFAULT_MIN_INTERVAL_MS,
  SessionAutosave,
  classifySaveError,
  type AutosaveStatus,
} from './session-autosave';

const SESSION_ID = '0b7b3d4e-2f0a-4c55-9a53-7d2f1b6a4c10';

function apiError(appCode: string, extra: Record<string, unknown> = {}) {
  return TRPCClientError.from({ error: { message: appCode, code: -32600, data: { appCode, ...extra } } });
}

/** sessions.get / sessions.update as the server does them: versions and 409 on a stale one. */
class FakeSessionServer {
  version = 3;
  name = 'api work';
  tags: string[] = ['api'];
  requests: TUpdateSessionRequest[] = [];
  failures: unknown[] = [];
  inFlight = 0;
  maxInFlight = 0;

  save = async (request: TUpdateSessionRequest): Promise<TUpdateSessionResponse> => {
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const failure = this.failures.shift();
      if (failure) throw failure;
      if (request.expected_version !== undefined && request.expected_version !== this.version) throw apiError('CONFLICT');
      return this.apply(request);
    } finally {
      this.inFlight -= 1;
    }
  };

  /** Another tab saving. */
  apply(request: Omit<TUpdateSessionRequest, 'session_id'>): TUpdateSessionResponse {
    if (request.name !== undefined) this.name = request.name;
    if (request.tags !== undefined) this.tags = request.tags;
    this.version += 1;
    return { session_id: SESSION_ID, updated_at: new Date().toISOString(), fields_updated: [], version: this.version };
  }

  load = async () => ({ session_id: SESSION_ID, name: this.name, tags: this.tags, version: this.version }) as TWorkspaceSession;
}

function setup(options: { debounceMs?: number | null; minIntervalMs?: number } = {}) {
  const server = new FakeSessionServer();
  const reloaded: TWorkspaceSession[] = [];
  const autosave = new SessionAutosave({
    sessionId: SESSION_ID,
    version: server.version,
    save: server.save,
    load: server.load,
    onReloaded: (session) => reloaded.push(session),
    debounceMs: options.debounceMs === undefined ? 500 : options.debounceMs,
    // These tests are about order and versions; the pacing has its own tests below.
    minIntervalMs: options.minIntervalMs ?? 0,
  });
  const states: AutosaveStatus['state'][] = [];
  autosave.subscribe(() => states.push(autosave.status().state));
  return { server, autosave, reloaded, states };
}

describe('SessionAutosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a burst of edits as one update after the pause, with the version they were made on', async () => {
    const { server, autosave, states } = setup();
    autosave.edit({ name: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    autosave.edit({ name: 'ab' });
    autosave.edit({ tags: ['api', 'web'] });
    await vi.advanceTimersByTimeAsync(499);
    expect(server.requests).toHaveLength(0);
    expect(autosave.status().state).toBe('pending');
    expect(autosave.hasUnsavedChanges()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(autosave.status().state).toBe('saving');
    await vi.advanceTimersByTimeAsync(50);
    expect(server.requests).toEqual([{ session_id: SESSION_ID, expected_version: 3, name: 'ab', tags: ['api', 'web'] }]);
    expect(autosave.status()).toEqual({ state: 'saved', version: 4 });
    expect(autosave.hasUnsavedChanges()).toBe(false);
    expect(states).toEqual(['pending', 'pending', 'pending', 'saving', 'saved']);
  });

  it('keeps one request out at a time; edits made meanwhile follow with the new version', async () => {
    const { server, autosave } = setup();
    autosave.edit({ name: 'first' });
    await vi.advanceTimersByTimeAsync(510); // request 1 is out
    autosave.edit({ name: 'second' });
    await vi.advanceTimersByTimeAsync(40); // request 1 answers; the second edit's pause is still running
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests.map((request) => [request.name, request.expected_version])).toEqual([
      ['first', 3],
      ['second', 4],
    ]);
    expect(server.maxInFlight).toBe(1);
    expect(autosave.status()).toEqual({ state: 'saved', version: 5 });
  });

  it('flush saves at once and resolves when everything is stored', async () => {
    const { server, autosave } = setup();
    autosave.edit({ name: 'leaving' });
    const flushed = autosave.flush();
    await vi.advanceTimersByTimeAsync(50);
    await flushed;
    expect(server.name).toBe('leaving');
    expect(autosave.status().state).toBe('saved');
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(1);
  });

  describe('when the session changed elsewhere (409)', () => {
    async function conflicted() {
      const context = setup();
      context.server.apply({ name: 'renamed in another tab' });
      context.autosave.edit({ tags: ['mine'] });
      await vi.advanceTimersByTimeAsync(550);
      return context;
    }

    it('stops and reports the unsaved fields, sending nothing more until the user chooses', async () => {
      const { server, autosave } = await conflicted();
      expect(autosave.status()).toEqual({ state: 'conflict', version: 3, fields: ['tags'] });
      autosave.edit({ name: 'also mine' });
      await vi.advanceTimersByTimeAsync(5000);
      expect(server.requests).toHaveLength(1);
      expect(autosave.status()).toEqual({ state: 'conflict', version: 3, fields: ['tags', 'name'] });
      expect(server.tags).toEqual(['api']);
    });

    it('reload drops these edits and hands over the server’s state', async () => {
      const { server, autosave, reloaded } = await conflicted();
      await autosave.resolveConflict('reload');
      expect(reloaded.map((session) => session.name)).toEqual(['renamed in another tab']);
      expect(autosave.status()).toEqual({ state: 'saved', version: 4 });
      await vi.advanceTimersByTimeAsync(5000);
      expect(server.requests).toHaveLength(1);
      autosave.edit({ name: 'next edit' });
      await vi.advanceTimersByTimeAsync(550);
      expect(server.requests.at(-1)).toMatchObject({ expected_version: 4, name: 'next edit' });
    });

    it('overwrite sends these edits on top of the latest version', async () => {
      const { server, autosave } = await conflicted();
      const resolving = autosave.resolveConflict('overwrite');
      await vi.advanceTimersByTimeAsync(50);
      await resolving;
      expect(server.requests.at(-1)).toEqual({ session_id: SESSION_ID, expected_version: 4, tags: ['mine'] });
      expect(server.tags).toEqual(['mine']);
      expect(server.name).toBe('renamed in another tab');
      expect(autosave.status()).toEqual({ state: 'saved', version: 5 });
    });
  });

  it('settles a conflict over the view’s own fields quietly: theirs taken in, these saved on top', async () => {
    const server = new FakeSessionServer();
    const reloaded: TWorkspaceSession[] = [];
    const autosave = new SessionAutosave({
      sessionId: SESSION_ID,
      version: server.version,
      save: server.save,
      load: server.load,
      onReloaded: (session) => reloaded.push(session),
      debounceMs: 500,
      minIntervalMs: 0,
      quietFields: ['tags'],
    });
    server.apply({ name: 'renamed in another tab' });
    autosave.edit({ tags: ['mine'] });
    await vi.advanceTimersByTimeAsync(550); // 409
    await vi.advanceTimersByTimeAsync(600); // reloaded, saved again on the new version
    expect(reloaded.map((session) => [session.name, session.tags])).toEqual([['renamed in another tab', ['mine']]]);
    expect(server.requests.at(-1)).toEqual({ session_id: SESSION_ID, expected_version: 4, tags: ['mine'] });
    expect(autosave.status()).toEqual({ state: 'saved', version: 5 });
    expect(server.name).toBe('renamed in another tab');
  });

  describe('live changes from another writer (remoteChanged)', () => {
    function liveSetup() {
      const server = new FakeSessionServer();
      const remote: [TWorkspaceSession, unknown][] = [];
      const autosave = new SessionAutosave({
        sessionId: SESSION_ID,
        version: server.version,
        save: server.save,
        load: server.load,
        onRemoteChange: (session, fields) => remote.push([session, fields]),
        debounceMs: 500,
        minIntervalMs: 0,
        quietFields: ['editor_state'],
      });
      return { server, autosave, remote };
    }

    it('takes another tab’s save in at once, so the next save carries its version and meets no 409', async () => {
      const { server, autosave, remote } = liveSetup();
      server.apply({ name: 'renamed in another tab' });
      autosave.remoteChanged(server.version, ['name']);
      await vi.advanceTimersByTimeAsync(0);
      expect(remote).toEqual([[expect.objectContaining({ name: 'renamed in another tab', version: 4 }), ['name']]]);
      expect(autosave.status()).toEqual({ state: 'saved', version: 4 });
      autosave.edit({ tags: ['mine'] });
      await vi.advanceTimersByTimeAsync(600);
      expect(server.requests).toEqual([{ session_id: SESSION_ID, expected_version: 4, tags: ['mine'] }]);
      expect(autosave.status()).toEqual({ state: 'saved', version: 5 });
    });

    it('keeps unsaved edits to other fields on top of the other writer’s state', async () => {
      const { server, autosave, remote } = liveSetup();
      autosave.edit({ tags: ['mine'] });
      server.apply({ name: 'theirs' });
      autosave.remoteChanged(server.version, ['name']);
      await vi.advanceTimersByTimeAsync(0);
      expect(remote[0]?.[0]).toMatchObject({ name: 'theirs', tags: ['mine'] });
      await vi.advanceTimersByTimeAsync(600);
      expect(server.requests).toEqual([{ session_id: SESSION_ID, expected_version: 4, tags: ['mine'] }]);
      expect(server.name).toBe('theirs');
    });

    it('leaves an edit to the same field alone: the save’s 409 asks the person', async () => {
      const { server, autosave, remote } = liveSetup();
      autosave.edit({ name: 'mine' });
      server.apply({ name: 'theirs' });
      autosave.remoteChanged(server.version, ['name']);
      await vi.advanceTimersByTimeAsync(600);
      expect(remote).toEqual([]);
      expect(autosave.status()).toMatchObject({ state: 'conflict', fields: ['name'] });
    });

    it('ignores the echo of its own saves, even when it arrives before the answer', async () => {
      const { server, autosave, remote } = liveSetup();
      autosave.edit({ name: 'mine' });
      await vi.advanceTimersByTimeAsync(510); // the save is out
      autosave.remoteChanged(server.version + 1, ['name']);
      await vi.advanceTimersByTimeAsync(100);
      expect(autosave.status()).toEqual({ state: 'saved', version: 4 });
      expect(remote).toEqual([]);
    });
  });

  it('waits as long as a 429 says, then sends the edits made meanwhile too', async () => {
    const { server, autosave } = setup();
    server.failures.push(apiError('RATE_LIMIT_EXCEEDED', { retryAfter: 7 }));
    autosave.edit({ name: 'x' });
    await vi.advanceTimersByTimeAsync(550);
    expect(autosave.status()).toMatchObject({
      state: 'failed',
      retrying: true,
      message: 'the server asked to slow down; saving again in 7 seconds',
    });
    autosave.edit({ tags: ['later'] });
    await vi.advanceTimersByTimeAsync(6900);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(server.requests[1]).toMatchObject({ name: 'x', tags: ['later'], expected_version: 3 });
    expect(autosave.status()).toEqual({ state: 'saved', version: 4 });
  });

  it('backs off while the server is unreachable', async () => {
    const { server, autosave } = setup();
    server.failures.push(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    autosave.edit({ name: 'offline edit' });
    await vi.advanceTimersByTimeAsync(550); // fails, retry in 1 s
    await vi.advanceTimersByTimeAsync(1050); // fails, retry in 2 s
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1900);
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(autosave.status()).toEqual({ state: 'saved', version: 4 });
    expect(server.name).toBe('offline edit');
  });

  it('stops on an error a retry cannot fix, and retries when asked', async () => {
    const { server, autosave } = setup();
    server.failures.push(apiError('VALIDATION_ERROR'));
    autosave.edit({ name: 'x' });
    await vi.advanceTimersByTimeAsync(550);
    expect(autosave.status()).toMatchObject({ state: 'failed', retrying: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(1);
    autosave.retry();
    await vi.advanceTimersByTimeAsync(50);
    expect(autosave.status().state).toBe('saved');
  });

  it('with autosave off, waits for flush', async () => {
    const { server, autosave } = setup({ debounceMs: null });
    autosave.edit({ name: 'manual' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(0);
    expect(autosave.status().state).toBe('pending');
    const flushed = autosave.flush();
    await vi.advanceTimersByTimeAsync(50);
    await flushed;
    expect(server.name).toBe('manual');
  });

  it('sends nothing after dispose', async () => {
    const { server, autosave } = setup();
    autosave.edit({ name: 'never sent' });
    autosave.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.requests).toHaveLength(0);
  });
});

describe('SessionAutosave pacing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves a lone edit after the pause, but steady editing at most once per interval', async () => {
    const server = new FakeSessionServer();
    const autosave = new SessionAutosave({
      sessionId: SESSION_ID,
      version: server.version,
      save: server.save,
      load: server.load,
    });
    autosave.edit({ name: 'one' });
    await vi.advanceTimersByTimeAsync(DEFAULT_DEBOUNCE_MS + 60);
    expect(server.requests).toHaveLength(1);
    // Ten minutes of one keystroke a second.
    for (let second = 0; second < 600; second += 1) {
      autosave.edit({ name: `typed ${second}` });
      await vi.advanceTimersByTimeAsync(1000);
    }
    await vi.advanceTimersByTimeAsync(DEFAULT_MIN_INTERVAL_MS + 100);
    expect(server.requests.length).toBeLessThanOrEqual(1 + 600_000 / DEFAULT_MIN_INTERVAL_MS + 1);
    expect(server.name).toBe('typed 599');
    expect(server.maxInFlight).toBe(1);
  });

  it('does not hold edits back forever while someone types without a pause', async () => {
    const server = new FakeSessionServer();
    const autosave = new SessionAutosave({
      sessionId: SESSION_ID,
      version: server.version,
      save: server.save,
      load: server.load,
    });
    for (let keystroke = 0; keystroke < 150; keystroke += 1) {
      autosave.edit({ name: `fast ${keystroke}` });
      await vi.advanceTimersByTimeAsync(200); // faster than the 800 ms pause
    }
    // 30 s of typing: saved after the longest wait, and again after the next one.
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests[0]!.name).toBe(`fast ${DEFAULT_MAX_WAIT_MS / 200 - 1}`);
  });
});

describe('classifySaveError', () => {
  it('maps codes to what autosave does next', () => {
    expect(classifySaveError(apiError('CONFLICT'), 1)).toEqual({ kind: 'conflict' });
    expect(classifySaveError(apiError('RATE_LIMIT_EXCEEDED', { retryAfter: 3 }), 1)).toMatchObject({
      kind: 'retry',
      afterMs: 3000,
    });
    expect(classifySaveError(new TypeError('Failed to fetch'), 6)).toMatchObject({ kind: 'retry', afterMs: 30_000 });
    expect(classifySaveError(apiError('SESSION_NOT_FOUND'), 1)).toMatchObject({ kind: 'failed' });
  });
});
