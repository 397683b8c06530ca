// A workspace session (sessions.create over REST) for conversation tests to hang conversations on.
import type { TestServer } from './test-server';
import { restClient, type RegisteredUser } from './rest-client';

export async function createWorkspaceSession(
  server: Pick<TestServer, 'url'>,
  user: RegisteredUser,
  name = 'Workspace',
): Promise<string> {
  const { status, body } = await restClient(server.url).post('/sessions', { name }, user.accessToken);
  if (status !== 201) throw new Error(`sessions.create failed: ${status} ${JSON.stringify(body)}`);
  return body.data.session_id;
}
