// The conversation check finds what a broken write would leave behind.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type KvStore } from '@coditect/store';
import { createTenantScope } from '../src/storage/tenant-scope';
import type { CallerContext } from '../src/domain/identity/identity-context';
import { createConversation } from '../src/domain/conversations/conversation-service';
import { addMessage } from '../src/domain/conversations/message-service';
import { findConversationProblems } from '../src/domain/conversations/conversation-consistency';

describe('findConversationProblems', () => {
  let dir: string;
  let store: KvStore;
  let context: CallerContext;
  let conversationId: string;
  const tenantId = randomUUID();
  const check = () => context.tenant.transact((tx) => findConversationProblems(tx, tenantId));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conversation-consistency-'));
    store = await openStore({ backend: 'embedded', dataDir: dir });
    const userId = randomUUID();
    context = {
      auth: {
        userId,
        tenantId,
        homeTenantId: tenantId,
        email: 'a@example.com',
        role: 'Admin',
        emailVerified: true,
        credential: { kind: 'session', sid: randomUUID() },
      },
      tenant: createTenantScope(store, tenantId),
      home: createTenantScope(store, tenantId),
      tenantOf: (id: string) => createTenantScope(store, id),
      deps: { now: () => new Date() },
    };
    const sessionId = randomUUID();
    await context.tenant.transact(async (tx) => {
      tx.set(['ws_session', sessionId], { session_id: sessionId, user_id: userId });
    });
    conversationId = (await createConversation(context, { workspace_session_id: sessionId, title: 'T', ai_provider: 'p' }))
      .conversation_id;
    await addMessage(context, conversationId, { role: 'User', content: 'short', model: null });
    await addMessage(context, conversationId, { role: 'User', content: 'long '.repeat(10_000), model: null });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds nothing wrong after ordinary writes', async () => {
    expect(await check()).toEqual([]);
  });

  it('reports counts that do not match the messages', async () => {
    await context.tenant.transact(async (tx) => {
      const record = await tx.get<Record<string, number>>(['conversation', conversationId]);
      tx.set(['conversation', conversationId], { ...record, token_count: (record?.token_count ?? 0) + 1, message_count: 3 });
    });
    expect(await check()).toEqual([
      `conversation ${conversationId} counts 3 messages but holds 2`,
      expect.stringMatching(new RegExp(`^conversation ${conversationId} counts \\d+ tokens but its messages hold \\d+$`)),
    ]);
  });

  it('reports a missing part, a gap in the sequence and orphaned messages', async () => {
    await context.tenant.transact(async (tx) => {
      tx.clear(['message', conversationId, 1, 1]);
      tx.clear(['message', conversationId, 0]);
      tx.set(['message', 'gone', 0], { parts: 1, token_count: 1 });
    });
    const problems = await check();
    expect(problems).toContain(`messages without conversation gone`);
    expect(problems).toContain(`conversation ${conversationId} has gaps in its message sequence`);
    expect(problems).toContain(`conversation ${conversationId} has incomplete message parts`);
  });
});
