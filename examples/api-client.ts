// A script that works on Coditect through the REST API with an API key: lists your sessions,
// creates one, writes and reads a file in its workspace, searches it, and cleans up.
//
//   # once: types for the client, generated from the server's own OpenAPI document
//   npx openapi-typescript http://localhost:8080/api/v5/openapi.json -o examples/generated/api-types.ts
//   # an API key with scope "write" (Profile › API keys in the IDE, or POST /api/v5/api-keys)
//   CODITECT_URL=http://localhost:8080 CODITECT_API_KEY=cdk_... npx tsx examples/api-client.ts
//
// Every answer is the envelope {"success": true, "data": ...}; an error is
// {"success": false, "error": {"code", "message"}} with the HTTP status the document lists.
import createClient from 'openapi-fetch';
import type { paths } from './generated/api-types';

export interface ExampleOutcome {
  sessionsBefore: number;
  sessionId: string;
  fileContent: string;
  searchHits: number;
  deleted: boolean;
}

export async function runApiClientExample(
  baseUrl: string,
  apiKey: string,
  log: (line: string) => void = console.log,
): Promise<ExampleOutcome> {
  const api = createClient<paths>({ baseUrl: `${baseUrl}/api/v5`, headers: { 'x-api-key': apiKey } });
  const fail = (what: string, error: unknown): never => {
    throw new Error(`${what} failed: ${JSON.stringify(error)}`);
  };

  const me = await api.GET('/users/me');
  if (!me.data) fail('users.me', me.error);
  log(`signed in as ${me.data!.data.email}`);

  const listed = await api.GET('/sessions', { params: { query: { limit: 20 } } });
  if (!listed.data) fail('sessions.list', listed.error);
  log(`${listed.data!.data.count} session(s)`);

  const created = await api.POST('/sessions', { body: { name: 'From the API example', tags: ['example'] } });
  if (!created.data) fail('sessions.create', created.error);
  const sessionId = created.data!.data.session_id;
  log(`created session ${sessionId}`);

  const file = { session_id: sessionId, path: 'src/hello.ts' };
  const written = await api.PUT('/sessions/{session_id}/files/{path}', {
    params: { path: file },
    body: { content: 'export const greeting = "hello from the API";\n' },
  });
  if (!written.data) fail('files.write', written.error);
  const read = await api.GET('/sessions/{session_id}/files/{path}', { params: { path: file } });
  // The same route streams raw bytes with `?raw=1`; without it the answer is the JSON envelope.
  if (!read.data || typeof read.data === 'string') return fail('files.get', read.error);
  const entry = read.data.data;
  const fileContent = entry.type === 'file' ? entry.content : '';
  log(`src/hello.ts: ${fileContent.trim()}`);

  const found = await api.GET('/sessions/{session_id}/search', {
    params: { path: { session_id: sessionId }, query: { q: 'greeting' } },
  });
  if (!found.data) fail('files.search', found.error);
  const searchHits = found.data!.data.matches.length;
  log(`"greeting" found ${searchHits} time(s)`);

  const removed = await api.DELETE('/sessions/{session_id}', { params: { path: { session_id: sessionId } } });
  log(removed.data ? 'session deleted' : `delete failed: ${JSON.stringify(removed.error)}`);
  return { sessionsBefore: listed.data!.data.count, sessionId, fileContent, searchHits, deleted: removed.data !== undefined };
}

// Run as a script (not when a test imports it).
if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.env.CODITECT_URL ?? 'http://localhost:8080';
  const apiKey = process.env.CODITECT_API_KEY;
  if (!apiKey) {
    console.error('Set CODITECT_API_KEY to an API key with scope "write".');
    process.exit(2);
  }
  runApiClientExample(baseUrl, apiKey).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
