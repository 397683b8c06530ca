// A workspace session for conversation tests to hang conversations on.
// Interim, until sessions.create lands: the record is written straight into the user's tenant space.
import { randomUUID } from 'node:crypto';
import { createTenantScope } from '@coditect/api';
import type { TestServer } from './test-server';
import type { RegisteredUser } from './rest-client';

export async function createWorkspaceSession(server: TestServer, user: RegisteredUser): Promise<string> {
  const sessionId = randomUUID();
  const now = new Date().toISOString();
  await createTenantScope(server.store, user.tenantId).transact(async (tx) => {
    tx.set(['ws_session', sessionId], { session_id: sessionId, tenant_id: user.tenantId, user_id: user.userId, name: 'test', tags: [], created_at: now, updated_at: now, last_accessed_at: now });
    tx.owners.claim(sessionId, 'workspace_session', user.userId);
  });
  return sessionId;
}
