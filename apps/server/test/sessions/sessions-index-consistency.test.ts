// Random create/update/fork/delete sequences keep every index equal to what a full scan derives.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTenantScope, findSessionIndexProblems } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';

const TAGS = ['a', 'b', 'c', 'd', 'e'];
type Op =
  | { kind: 'create'; tags: string[] }
  | { kind: 'update'; pick: number; tags?: string[]; name?: string }
  | { kind: 'fork'; pick: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'get'; pick: number };

const tagSet = fc.subarray(TAGS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), tags: tagSet }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    tags: fc.option(tagSet, { nil: undefined }),
    name: fc.option(
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim().length > 0),
      { nil: undefined },
    ),
  }),
  fc.record({ kind: fc.constant('fork' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('get' as const), pick: fc.nat() }),
);

describe('session indexes under random operation sequences', () => {
  const server = useTestServer();
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  it('match a full scan after every sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const user: RegisteredUser = await registerUser(api);
        const live: Array<{ id: string; tags: string[] }> = [];
        for (const step of ops) {
          const target = live.length > 0 && 'pick' in step ? live[step.pick % live.length] : undefined;
          if (step.kind === 'create') {
            const { body } = await api.post('/sessions', { name: 'p', tags: step.tags }, user.accessToken);
            live.push({ id: body.data.session_id, tags: step.tags });
          } else if (!target) {
            continue;
          } else if (step.kind === 'update') {
            const body: Record<string, unknown> = {};
            if (step.tags) body.tags = step.tags;
            if (step.name) body.name = step.name;
            if (Object.keys(body).length === 0) body.context_files = ['/x'];
            expect((await api.put(`/sessions/${target.id}`, body, user.accessToken)).status).toBe(200);
            if (step.tags) target.tags = step.tags;
          } else if (step.kind === 'fork') {
            const { body } = await api.post(`/sessions/${target.id}/fork`, {}, user.accessToken);
            live.push({ id: body.data.session_id, tags: [...target.tags] });
          } else if (step.kind === 'delete') {
            expect((await api.delete(`/sessions/${target.id}`, user.accessToken)).status).toBe(200);
            live.splice(live.indexOf(target), 1);
          } else {
            expect((await api.get(`/sessions/${target.id}`, user.accessToken)).status).toBe(200);
          }
        }
        const problems = await createTenantScope(server.store, user.tenantId).transact((tx) =>
          findSessionIndexProblems(tx, user.tenantId),
        );
        expect(problems).toEqual([]);
        const listed = await api.get('/sessions?limit=100', user.accessToken);
        expect(listed.body.data.sessions.map((session: { session_id: string }) => session.session_id).sort()).toEqual(
          live.map((session) => session.id).sort(),
        );
        for (const tag of TAGS) {
          const related = await api.get(`/sessions/related?tags=${tag}&limit=50`, user.accessToken);
          const expected = live
            .filter((session) => session.tags.includes(tag))
            .map((session) => session.id)
            .sort();
          expect(related.body.data.sessions.map((session: { session_id: string }) => session.session_id).sort()).toEqual(
            expected,
          );
        }
      }),
      { numRuns: 25, seed: 20261121 },
    );
  });

  it('the checker notices a broken index (it can fail)', async () => {
    const user = await registerUser(api);
    const { body } = await api.post('/sessions', { name: 'x', tags: ['a'] }, user.accessToken);
    const scope = createTenantScope(server.store, user.tenantId);
    await scope.transact(async (tx) => tx.clear(['ws_by_tag', user.userId, 'a', body.data.session_id]));
    const problems = await scope.transact((tx) => findSessionIndexProblems(tx, user.tenantId));
    expect(problems).toEqual([`session ${body.data.session_id} missing tag entry "a"`]);
  });
});
