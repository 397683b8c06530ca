// GET …/tasks/:task_id/events as Server-Sent Events: the stored events first, then each new one as
// it happens, the stream ending after task.complete; Last-Event-ID resumes; errors stay JSON.
import { describe, expect, it } from 'vitest';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { call, createTask, eventsOf, scripted, sessionWithFile, waitForState } from './support';

interface SseEvent {
  id: string;
  event: string;
  data: { id: string; type: string; [key: string]: unknown };
}

/** Opens the stream; `events` fills as frames arrive, `done` settles when the server ends it. */
async function openStream(url: string, token: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return { response, events, comments, done: Promise.resolve(), json: await response.json() };
  }
  const done = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) {
          comments.push(block);
          continue;
        }
        const fields = Object.fromEntries(
          block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        events.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data!) });
      }
    }
  })();
  return { response, events, comments, done, json: undefined };
}

describe('agent tasks: events as Server-Sent Events', () => {
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: provider.baseUrl } }));

  it('streams the stored events, then the new ones live, and ends after task.complete', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('write_file', { path: 'notes.md', content: 'hello\n' })] },
      { tool_calls: [call('attempt_completion', { result: 'Written.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model);
    await waitForState(api, user, sessionId, created.task_id, ['waiting_approval']);
    const url = `${server.url}/api/v5/sessions/${sessionId}/tasks/${created.task_id}/events`;
    const stream = await openStream(url, user.accessToken);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    await expect.poll(() => stream.events.map((event) => event.event)).toContain('approval.required');
    const before = stream.events.length;

    await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action: 'approve' }, user.accessToken);
    await stream.done;
    expect(stream.events.length).toBeGreaterThan(before);
    expect(stream.events.at(-1)!.event).toBe('task.complete');
    // Exactly the stored events, in order, each once.
    const stored = await eventsOf(api, user, sessionId, created.task_id);
    expect(stream.events.map((event) => event.data)).toEqual(stored);
    expect(stream.events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    expect(stream.events.map((event) => event.event)).toEqual(stored.map((event) => event.type));

    // Resuming from an id: the rest, then the end (the task is complete).
    const resumed = await openStream(url, user.accessToken, { 'last-event-id': '3' });
    await resumed.done;
    expect(resumed.events.map((event) => event.id)).toEqual(stored.slice(3).map((event) => event.id));
    const fromQuery = await openStream(`${url}?after=${stored.length - 1}`, user.accessToken);
    await fromQuery.done;
    expect(fromQuery.events.map((event) => event.event)).toEqual(['task.complete']);
  });

  it('answers what it refuses as JSON before any stream: another user’s task, a bad id, no credentials', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'ok' })] }]);
    const created = await createTask(api, user, sessionId, model);
    const url = `${server.url}/api/v5/sessions/${sessionId}/tasks/${created.task_id}/events`;
    const stranger = await registerUser(api);
    const theirs = await openStream(url, stranger.accessToken);
    expect([theirs.response.status, theirs.json.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);
    const bad = await openStream(`${url}?after=abc`, user.accessToken);
    expect([bad.response.status, bad.json.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const anonymous = await openStream(url, undefined);
    expect([anonymous.response.status, anonymous.json.error.code]).toEqual([401, 'UNAUTHORIZED']);
    // Without the Accept header it is one JSON page, as before.
    const page = await api.get(`/sessions/${sessionId}/tasks/${created.task_id}/events`, user.accessToken);
    expect(page.status).toBe(200);
    expect(Array.isArray(page.body.data.events)).toBe(true);
  });
});
