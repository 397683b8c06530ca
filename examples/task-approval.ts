// A script that gives Coditect's agent a task over the REST API with an API key and approves what
// it asks for: creates a session with a file, asks the agent (mode "code") to change the file,
// follows the task's events, shows the change the agent wants to make and approves it, waits for
// the task to finish, reads the file back and lists the checkpoint the change left.
//
//   # once: types for the client, generated from the server's own OpenAPI document
//   npx openapi-typescript http://localhost:8080/api/v5/openapi.json -o examples/generated/api-types.ts
//   # an API key with scope "write", and a model your server's provider offers
//   CODITECT_URL=http://localhost:8080 CODITECT_API_KEY=cdk_... CODITECT_MODEL=qwen2.5-coder-7b-instruct \
//     npx tsx examples/task-approval.ts
//
// A write or a command waits for approval unless the task's config lists it in `auto_approve`;
// `PUT /sessions/{id}/tasks/{task_id}` with `{"action": "approve" | "deny", "call_id"}` decides.
// Events come as a JSON page here (`?after=<last id>`); ask with `Accept: text/event-stream` for
// SSE, or subscribe to the session on the live channel (examples/websocket-client.ts).
import createClient from 'openapi-fetch';
import type { paths } from './generated/api-types';

export interface TaskExampleOutcome {
  sessionId: string;
  taskId: string;
  /** Event types in the order they happened. */
  events: string[];
  /** What was shown for approval (a write's diff). */
  approved: string[];
  state: string;
  result: string | null;
  fileContent: string;
  checkpoints: number;
}

const TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runTaskApprovalExample(
  baseUrl: string,
  apiKey: string,
  model: string,
  log: (line: string) => void = console.log,
): Promise<TaskExampleOutcome> {
  const api = createClient<paths>({ baseUrl: `${baseUrl}/api/v5`, headers: { 'x-api-key': apiKey } });
  const fail = (what: string, error: unknown): never => {
    throw new Error(`${what} failed: ${JSON.stringify(error)}`);
  };

  const created = await api.POST('/sessions', { body: { name: 'Agent example' } });
  if (!created.data) return fail('sessions.create', created.error);
  const session_id = created.data.data.session_id;
  const file = { session_id, path: 'greeting.ts' };
  const written = await api.PUT('/sessions/{session_id}/files/{path}', {
    params: { path: file },
    body: { content: 'export const greeting = "hi";\n' },
  });
  if (!written.data) fail('files.write', written.error);

  const task = await api.POST('/sessions/{session_id}/tasks', {
    params: { path: { session_id } },
    body: {
      input: 'Make the greeting in greeting.ts friendlier.',
      config: { provider: 'default', model, mode: 'code' },
    },
  });
  if (!task.data) return fail('tasks.create', task.error);
  const task_id = task.data.data.task_id;
  log(`task ${task_id} started with ${model}`);

  const events: string[] = [];
  const approved: string[] = [];
  let after: string | undefined;
  const deadline = Date.now() + TIMEOUT_MS;
  let finished = false;
  while (!finished) {
    if (Date.now() > deadline) throw new Error(`the task did not finish within ${TIMEOUT_MS / 1000} s`);
    const page = await api.GET('/sessions/{session_id}/tasks/{task_id}/events', {
      params: { path: { session_id, task_id }, query: after === undefined ? {} : { after } },
    });
    if (!page.data) return fail('tasks.events', page.error);
    // The same route streams SSE when asked to; asked for JSON, it answers the envelope.
    if (typeof page.data === 'string') return fail('tasks.events', 'expected JSON');
    for (const event of page.data.data.events) {
      after = event.id;
      events.push(event.type);
      if (event.type === 'approval.required') {
        const detail = await api.GET('/sessions/{session_id}/tasks/{task_id}', { params: { path: { session_id, task_id } } });
        const pending = detail.data?.data.pending;
        if (!pending) continue; // already decided
        log(`the agent asks to run ${pending.tool}:\n${pending.preview}`);
        approved.push(pending.preview);
        const decided = await api.PUT('/sessions/{session_id}/tasks/{task_id}', {
          params: { path: { session_id, task_id } },
          body: { action: 'approve', call_id: pending.call_id },
        });
        if (!decided.data) fail('tasks.act', decided.error);
        log('approved');
      }
      if (event.type === 'task.complete' || event.type === 'error.occurred') finished = true;
    }
    if (!finished && !page.data.data.has_more) await sleep(250);
  }

  const final = await api.GET('/sessions/{session_id}/tasks/{task_id}', { params: { path: { session_id, task_id } } });
  if (!final.data) return fail('tasks.get', final.error);
  const { state, result } = final.data.data;
  log(`task ${state}${result ? `: ${result}` : ''}`);

  const read = await api.GET('/sessions/{session_id}/files/{path}', { params: { path: file } });
  if (!read.data || typeof read.data === 'string') return fail('files.get', read.error);
  const entry = read.data.data;
  const fileContent = entry.type === 'file' ? entry.content : '';
  log(`greeting.ts now: ${fileContent.trim()}`);

  // Every approved write left a checkpoint the task can be rolled back to.
  const listed = await api.GET('/sessions/{session_id}/tasks/{task_id}/checkpoints', {
    params: { path: { session_id, task_id } },
  });
  if (!listed.data) return fail('tasks.checkpoints', listed.error);
  const checkpoints = listed.data.data.checkpoints.length;
  log(`${checkpoints} checkpoint(s)`);

  const removed = await api.DELETE('/sessions/{session_id}', { params: { path: { session_id } } });
  if (!removed.data) fail('sessions.delete', removed.error);
  return { sessionId: session_id, taskId: task_id, events, approved, state, result, fileContent, checkpoints };
}

// Run as a script (not when a test imports it).
if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.env.CODITECT_URL ?? 'http://localhost:8080';
  const apiKey = process.env.CODITECT_API_KEY;
  const model = process.env.CODITECT_MODEL;
  if (!apiKey || !model) {
    console.error(
      'Set CODITECT_API_KEY to an API key with scope "write" and CODITECT_MODEL to a model of the server’s provider.',
    );
    process.exit(2);
  }
  runTaskApprovalExample(baseUrl, apiKey, model).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
