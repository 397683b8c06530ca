// Deleting a conversation whose search postings would not fit in one transaction (one posting per
// message and word: 150 long messages here hold ~15 MB of them, past the store's 10 MB per
// transaction). The deletion is one small transaction; the postings are purged afterwards in
// bounded steps, and a search never shows the deleted messages meanwhile.
import { describe, expect, it } from 'vitest';
import { appendMessages, createTenantScope, prepareMessage, type CallerContext } from '@coditect/api';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

const MESSAGES = 150;
const WORDS_PER_MESSAGE = 1_000;

describe('deleting a very large conversation', () => {
  const server = useTestServer();

  it('is one small transaction; its search postings are purged afterwards and never found meanwhile', async () => {
    const owner = await registerUser(server.api);
    const session = await server.api.post('/sessions', { name: 'large' }, owner.accessToken);
    const created = await server.api.post(
      '/conversations',
      { workspace_session_id: session.body.data.session_id, title: 'Large' },
      owner.accessToken,
    );
    const conversationId = created.body.data.conversation_id as string;
    // Appended through the service in batches that each fit in a transaction (over HTTP it would take minutes).
    const tenant = createTenantScope(server.store, owner.tenantId);
    const caller = {
      auth: {
        userId: owner.userId,
        tenantId: owner.tenantId,
        homeTenantId: owner.tenantId,
        email: owner.email,
        role: 'Admin',
        emailVerified: true,
        credential: { kind: 'session', sid: 'large-deletion-seed' },
      },
      deps: { now: () => new Date() },
      tenant,
      home: tenant,
      tenantOf: (id: string) => createTenantScope(server.store, id),
    } as CallerContext;
    for (let next = 0; next < MESSAGES; next += 50) {
      const batch = Array.from({ length: 50 }, (_, index) => {
        const words = Array.from({ length: WORDS_PER_MESSAGE }, (_, word) => `w${next + index}x${word}`);
        return prepareMessage({ role: 'User', content: `zebrafish ${words.join(' ')}`, model: null }, new Date());
      });
      await appendMessages(caller, conversationId, batch);
    }
    const search = () => server.api.get('/conversations/search?q=zebrafish', owner.accessToken);
    expect((await search()).body.data.results.length).toBeGreaterThan(0);
    const postings = () => tenant.transact(async (tx) => (await tx.getRange(['search', owner.userId], { limit: 10 })).length);
    const termLists = () => tenant.transact(async (tx) => (await tx.getRange(['search_terms', conversationId])).length);
    expect(await termLists()).toBe(MESSAGES);

    const deleted = await server.api.delete(`/conversations/${conversationId}`, owner.accessToken);
    expect([deleted.status, deleted.body.success]).toEqual([200, true]);
    expect((await server.api.get(`/conversations/${conversationId}`, owner.accessToken)).status).toBe(404);
    // Whatever the purge has done so far, the deleted messages are not found.
    expect((await search()).body.data.results).toEqual([]);

    await server.searchPurger.purge();
    expect(await postings()).toBe(0);
    expect(await termLists()).toBe(0);
    expect((await search()).body.data.results).toEqual([]);
  }, 120_000);
});
