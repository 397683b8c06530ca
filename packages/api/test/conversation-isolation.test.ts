// A foreign conversation or session id is refused like a missing one, and flagged for the audit
// trail as an isolation violation; a truly missing id is not.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type KvStore } from '@coditect/store';
import { AppError } from '../src/errors/app-error';
import { createTenantScope } from '../src/storage/tenant-scope';
import type { CallerContext } from '../src/domain/identity/identity-context';
import { createConversation, getConversation, listConversations } from '../src/domain/conversations/conversation-service';
import { addMessage, listMessages } from '../src/domain/conversations/message-service';

function caller(store: KvStore, tenantId: string, userId: string): CallerContext {
  return {
    auth: {
      userId,
      tenantId,
      homeTenantId: tenantId,
      email: `${userId}@example.com`,
      role: 'Admin',
      emailVerified: true,
      credential: { kind: 'session', sid: randomUUID() },
    },
    tenant: createTenantScope(store, tenantId),
    home: createTenantScope(store, tenantId),
    tenantOf: (id: string) => createTenantScope(store, id),
    deps: { now: () => new Date() },
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('isolation flags', () => {
  let dir: string;
  let store: KvStore;
  const owner = { tenant: randomUUID(), user: randomUUID() };
  let ownerContext: CallerContext;
  let sessionId: string;
  let conversationId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conversation-isolation-'));
    store = await openStore({ backend: 'embedded', dataDir: dir });
    ownerContext = caller(store, owner.tenant, owner.user);
    sessionId = randomUUID();
    await ownerContext.tenant.transact(async (tx) => {
      tx.set(['ws_session', sessionId], { session_id: sessionId, user_id: owner.user });
      tx.owners.claim(sessionId, 'workspace_session', owner.user);
    });
    const conversation = await createConversation(ownerContext, {
      workspace_session_id: sessionId,
      title: 'T',
      ai_provider: 'lmstudio',
    });
    conversationId = conversation.conversation_id;
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('another tenant: 404 CONVERSATION_NOT_FOUND flagged as a violation; a missing id is not flagged', async () => {
    const stranger = caller(store, randomUUID(), randomUUID());
    for (const attempt of [
      () => getConversation(stranger, conversationId),
      () => listMessages(stranger, { conversation_id: conversationId, offset: 0, limit: 50 }),
      () => addMessage(stranger, conversationId, { role: 'User', content: 'x', model: null }),
    ]) {
      const error = await failure(attempt());
      expect(error.code).toBe('CONVERSATION_NOT_FOUND');
      expect(error.isolationViolation).toEqual({ objectId: conversationId, kind: 'conversation' });
    }
    const missing = await failure(getConversation(stranger, randomUUID()));
    expect(missing.code).toBe('CONVERSATION_NOT_FOUND');
    expect(missing.isolationViolation).toBeUndefined();
  });

  it('another user of the same tenant is flagged too', async () => {
    const error = await failure(getConversation(caller(store, owner.tenant, randomUUID()), conversationId));
    expect(error.isolationViolation).toEqual({ objectId: conversationId, kind: 'conversation' });
  });

  it('a foreign session id is SESSION_NOT_FOUND, flagged', async () => {
    const stranger = caller(store, randomUUID(), randomUUID());
    const create = await failure(createConversation(stranger, { workspace_session_id: sessionId, title: 'x', ai_provider: 'p' }));
    expect(create.code).toBe('SESSION_NOT_FOUND');
    expect(create.isolationViolation).toEqual({ objectId: sessionId, kind: 'workspace_session' });
    const list = await failure(listConversations(stranger, { workspace_session_id: sessionId, limit: 20 }));
    expect(list.isolationViolation).toEqual({ objectId: sessionId, kind: 'workspace_session' });
    const missing = await failure(listConversations(stranger, { workspace_session_id: randomUUID(), limit: 20 }));
    expect(missing.code).toBe('SESSION_NOT_FOUND');
    expect(missing.isolationViolation).toBeUndefined();
  });
});
