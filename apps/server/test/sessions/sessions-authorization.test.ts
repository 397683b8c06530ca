// Every session route × {owner, another user of the same tenant, a user of another tenant,
// no token, bad token}: only the owner succeeds; foreign ids answer exactly like missing ones.
import { beforeAll, describe, expect, it } from 'vitest';

import { useTestServer } from '../support/test-server';
import { addColleague } from '../support/colleague';
import { registerUser, restClient, type RestClient } from '../support/rest-client';

type Caller = 'owner' | 'same tenant, other user' | 'other tenant' | 'no token' | 'bad token';

interface Route {
  name: string;
  method: string;
  path: (id: string) => string;
  body?: Record<string, unknown>;
  ownerStatus: number;
}

const ROUTES: Route[] = [
  { name: 'get', method: 'GET', path: (id) => `/sessions/${id}`, ownerStatus: 200 },
  { name: 'update', method: 'PUT', path: (id) => `/sessions/${id}`, body: { name: 'renamed' }, ownerStatus: 200 },
  { name: 'fork', method: 'POST', path: (id) => `/sessions/${id}/fork`, body: {}, ownerStatus: 201 },
  { name: 'delete', method: 'DELETE', path: (id) => `/sessions/${id}`, ownerStatus: 200 },
];

describe('session authorization matrix', () => {
  const server = useTestServer();
  let api: RestClient;
  const tokens: Partial<Record<Caller, string | undefined>> = {};

  beforeAll(async () => {
    api = restClient(server.url);
    const owner = await registerUser(api);
    const colleague = await addColleague(server, owner.tenantId);
    const stranger = await registerUser(api);
    tokens.owner = owner.accessToken;
    tokens['same tenant, other user'] = colleague.accessToken;
    tokens['other tenant'] = stranger.accessToken;
    tokens['no token'] = undefined;
    tokens['bad token'] = `${owner.accessToken.slice(0, -4)}AAAA`;
  });

  const callers: Caller[] = ['same tenant, other user', 'other tenant', 'no token', 'bad token', 'owner'];
  for (const route of ROUTES) {
    for (const caller of callers) {
      it(`${route.name} as ${caller}`, async () => {
        const session = await api.post('/sessions', { name: 'Private', tags: ['secret'] }, tokens.owner);
        const id = session.body.data.session_id as string;
        const { status, body } = await api.call(route.method, route.path(id), { body: route.body, token: tokens[caller] });
        if (caller === 'owner') {
          expect(status).toBe(route.ownerStatus);
          return;
        }
        if (caller === 'no token' || caller === 'bad token') {
          expect(status).toBe(401);
          expect(body.error.code).toBe('UNAUTHORIZED');
        } else {
          expect(status).toBe(404);
          expect(body).toEqual({ success: false, error: { code: 'SESSION_NOT_FOUND', message: `Session not found: ${id}` } });
          const missingId = '5b0a6a3e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
          const missing = await api.call(route.method, route.path(missingId), { body: route.body, token: tokens[caller] });
          expect(missing.status).toBe(404);
          expect(missing.body.error.code).toBe('SESSION_NOT_FOUND');
        }
        // Nothing changed for the owner.
        const after = await api.get(`/sessions/${id}`, tokens.owner);
        expect(after.status).toBe(200);
        expect(after.body.data).toMatchObject({ name: 'Private', version: 1 });
      });
    }
  }

  it.each(['same tenant, other user', 'other tenant'] as const)(
    'list and related never show the owner’s sessions to %s',
    async (caller) => {
      await api.post('/sessions', { name: 'Hidden', tags: ['needle'] }, tokens.owner);
      const list = await api.get('/sessions?limit=100', tokens[caller]);
      expect(list.status).toBe(200);
      expect(list.body.data.sessions.map((session: { name: string }) => session.name)).not.toContain('Hidden');
      const related = await api.get('/sessions/related?tags=needle', tokens[caller]);
      expect(related.body.data.count).toBe(0);
    },
  );

  it.each(['no token', 'bad token'] as const)('list, create and related need a valid token (%s)', async (caller) => {
    for (const [method, path, body] of [
      ['GET', '/sessions'],
      ['POST', '/sessions', { name: 'x' }],
      ['GET', '/sessions/related?tags=a'],
    ] as const) {
      const { status } = await api.call(method, path, { body, token: tokens[caller] });
      expect(status, `${method} ${path}`).toBe(401);
    }
  });
});
