// What the agent-task tests share: a scripted model, a session with a file, and waiting for a
// task to reach a state (tasks run on the server after POST answers).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { FakeLlmProvider, ScriptedTurn } from '../support/fake-llm-provider';
import type { RegisteredUser, RestClient } from '../support/rest-client';

/** A model name that makes the fake provider play `turns`, one per request. */
export function scripted(provider: FakeLlmProvider, turns: ScriptedTurn[]): string {
  const name = randomUUID();
  provider.scripts.set(name, turns);
  return `fake-script:${name}`;
}

export const call = (name: string, args: unknown): { name: string; arguments: string } => ({
  name,
  arguments: typeof args === 'string' ? args : JSON.stringify(args),
});

export const APP_TS = 'export const greeting = "hello";\nexport const answer = 41;\n';

/** A new session whose workspace holds src/app.ts. */
export async function sessionWithFile(api: RestClient, user: RegisteredUser): Promise<string> {
  const session = await api.post('/sessions', { name: 'Agent work' }, user.accessToken);
  const sessionId = session.body.data.session_id as string;
  const file = await api.put(`/sessions/${sessionId}/files/src/app.ts`, { content: APP_TS }, user.accessToken);
  expect(file.status).toBe(200);
  return sessionId;
}

export async function createTask(
  api: RestClient,
  user: RegisteredUser,
  sessionId: string,
  model: string,
  extra: Record<string, unknown> = {},
) {
  const created = await api.post(
    `/sessions/${sessionId}/tasks`,
    { input: 'Make the answer 42', config: { provider: 'default', model, ...extra } },
    user.accessToken,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.data as { task_id: string; state: string; auto_approve: string[]; allowed_commands: string[] };
}

/** Polls the task until its state is one of `states`; returns its detail. */
export async function waitForState(api: RestClient, user: RegisteredUser, sessionId: string, taskId: string, states: string[]) {
  const deadline = Date.now() + 15_000;
  let last: any;
  while (Date.now() < deadline) {
    const got = await api.get(`/sessions/${sessionId}/tasks/${taskId}`, user.accessToken);
    expect(got.status).toBe(200);
    last = got.body.data;
    if (states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`task still ${last?.state}, expected ${states.join(' or ')}: ${JSON.stringify(last)}`);
}

export async function eventsOf(api: RestClient, user: RegisteredUser, sessionId: string, taskId: string, after?: string) {
  const got = await api.get(`/sessions/${sessionId}/tasks/${taskId}/events${after ? `?after=${after}` : ''}`, user.accessToken);
  expect(got.status).toBe(200);
  return got.body.data.events as Array<{ id: string; type: string; data: Record<string, any> }>;
}

/** The tool messages the model was sent in its last request for `model`. */
export function toolResultsSent(provider: FakeLlmProvider, model: string): string[] {
  const requests = provider.completions.filter((completion) => completion.body.model === model);
  const last = requests.at(-1);
  return (last?.body.messages ?? []).filter((message) => message.role === 'tool').map((message) => String(message.content));
}

/** A live-channel tab subscribed to one session: the `event` frames it received. */
export async function liveTab(serverUrl: string, token: string, sessionId: string) {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/v5/events`);
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  const subscribed = new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (bytes) => {
      const frame = JSON.parse(bytes.toString()) as { type: string; event: string; data: Record<string, unknown> };
      if (frame.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', session_id: sessionId }));
      if (frame.type === 'subscribed') resolve();
      if (frame.type === 'event') events.push(frame);
    });
    ws.on('error', reject);
  });
  await subscribed;
  return { events, close: () => ws.close() };
}
