// The cost rules of docs/api-rules.md#storage, checked by counting what the store hands back rather than by timing:
// a message page reads the same number of entries at any offset, and related sessions read the
// tag index, so sessions that share no tag with the query cost nothing.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type KvStore, type Transaction } from '@coditect/store';
import { createTenantScope } from '../src/storage/tenant-scope';
import type { CallerContext } from '../src/domain/identity/identity-context';
import { createSession, relatedSessions } from '../src/domain/sessions/session-service';
import { createConversation } from '../src/domain/conversations/conversation-service';
import { appendMessages, listMessages, prepareMessage } from '../src/domain/conversations/message-service';

/** A store that counts every entry its transactions read (point reads and range entries). */
function countingStore(inner: KvStore): KvStore & { entriesRead: number } {
  const counting = Object.create(inner) as KvStore & { entriesRead: number };
  counting.entriesRead = 0;
  counting.transact = (body, options) =>
    inner.transact((tx) => {
      const counted: Transaction = Object.create(tx);
      counted.get = async (key) => {
        const value = await tx.get(key);
        if (value !== undefined) counting.entriesRead += 1;
        return value;
      };
      counted.getRange = async (begin, end, rangeOptions) => {
        const entries = await tx.getRange(begin, end, rangeOptions);
        counting.entriesRead += entries.length;
        return entries;
      };
      return body(counted);
    }, options);
  return counting;
}

describe('read cost', () => {
  let dir: string;
  let inner: KvStore;
  let store: ReturnType<typeof countingStore>;
  let caller: CallerContext;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'read-cost-'));
    inner = await openStore({ backend: 'embedded', dataDir: dir });
    store = countingStore(inner);
    const tenantId = randomUUID();
    caller = {
      auth: {
        userId: randomUUID(),
        tenantId,
        homeTenantId: tenantId,
        email: 'reader@example.com',
        role: 'Admin',
        emailVerified: true,
        credential: { kind: 'session', sid: randomUUID() },
      },
      tenant: createTenantScope(store, tenantId),
      home: createTenantScope(store, tenantId),
      tenantOf: (id: string) => createTenantScope(store, id),
      deps: { now: () => new Date() },
    };
  });
  afterAll(async () => {
    await inner.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function entriesReadBy(work: () => Promise<unknown>): Promise<number> {
    const before = store.entriesRead;
    await work();
    return store.entriesRead - before;
  }

  it('a page of messages reads the same entries at offset 0 and near the end of 3,000', async () => {
    const session = await createSession(caller, { name: 'chatty' });
    const { conversation_id } = await createConversation(caller, {
      workspace_session_id: session.session_id,
      title: 'long',
      ai_provider: 'p',
    });
    for (let batch = 0; batch < 3; batch += 1) {
      const drafts = Array.from({ length: 1000 }, (_, index) =>
        prepareMessage({ role: 'User', content: `message ${batch}-${index}`, model: null }, new Date()),
      );
      await appendMessages(caller, conversation_id, drafts);
    }
    const page = (offset: number) => () => listMessages(caller, { conversation_id, offset, limit: 50 });
    const first = await entriesReadBy(page(0));
    const last = await entriesReadBy(page(2950));
    expect(first).toBeGreaterThanOrEqual(50);
    expect(last).toBe(first);
  });

  it('related sessions read only the sessions that share a query tag', async () => {
    for (let index = 0; index < 5; index += 1)
      await createSession(caller, { name: `tagged ${index}`, tags: ['needle', `n${index}`] });
    const query = () => relatedSessions(caller, { tags: ['needle'], limit: 10 });
    const few = await entriesReadBy(query);
    for (let index = 0; index < 300; index += 1)
      await createSession(caller, { name: `other ${index}`, tags: ['hay', `h${index}`] });
    const many = await entriesReadBy(query);
    expect((await query()).sessions).toHaveLength(5);
    expect(many).toBe(few);
  });
});
