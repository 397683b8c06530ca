// Generated from the contract: every signed-in operation called by a member of each role of one
// organisation (contract/permissions.ts). A role below the operation's least role gets 403 FORBIDDEN; any
// other gets past the role check to the input check — the call carries an input no operation
// accepts, so nothing changes either way. A new operation is covered here without a line added.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiContract,
  leastRoleFor,
  listOperations,
  roleMayCall,
  ROLES_BY_RANK,
  type AnyOperation,
  type TRole,
} from '@coditect/api';
import { addColleague } from '../support/colleague';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { chatClient } from '../support/chat-client';

/** No operation's input schema takes this field: an operation past the role check refuses it with 400. */
const PROBE = { role_matrix_probe: true };

interface Refusal {
  code: string | undefined;
  message: string | undefined;
}

describe('permissions by role, for every operation', () => {
  const server = useTestServer();
  const members = new Map<TRole, RegisteredUser>();

  beforeAll(async () => {
    // The members of an organisation (its creator is the Admin).
    const registered = await registerUser(server.api);
    const organisation = await server.api.post('/tenants', { name: 'Roles' }, registered.accessToken);
    const tenantId = organisation.body.data.tenant_id as string;
    const switched = await server.api.post('/auth/switch-tenant', { tenant_id: tenantId }, registered.accessToken);
    const admin = { ...registered, tenantId, accessToken: switched.body.data.tokens.access_token as string };
    members.set('Admin', admin);
    for (const role of ROLES_BY_RANK.filter((each) => each !== 'Admin')) {
      members.set(role, await addColleague(server, tenantId, role));
    }
  });

  /** A query or mutation over tRPC's HTTP wire format; a subscription through the typed client. */
  async function call(path: string, operation: AnyOperation, member: RegisteredUser): Promise<Refusal> {
    if (operation.type === 'subscription') {
      const client = chatClient(server.url, { via: 'header', token: member.accessToken });
      const [namespace, name] = path.split('.') as [string, string];
      type Subscribe = (
        input: unknown,
        handlers: { onData(): void; onError(error: { data?: { appCode?: string }; message?: string }): void; onComplete(): void },
      ) => { unsubscribe(): void };
      const procedures = client as unknown as Record<string, Record<string, { subscribe: Subscribe }>>;
      return new Promise((resolve) => {
        const subscription = procedures[namespace]![name]!.subscribe(PROBE, {
          onData: () => undefined,
          onError: (error) => {
            subscription.unsubscribe();
            resolve({ code: error.data?.appCode, message: error.message });
          },
          onComplete: () => resolve({ code: undefined, message: 'completed' }),
        });
      });
    }
    const headers = { authorization: `Bearer ${member.accessToken}`, 'content-type': 'application/json' };
    const response =
      operation.type === 'query'
        ? await fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(PROBE))}`, { headers })
        : await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(PROBE) });
    const body = (await response.json()) as { error?: { message?: string; data?: { appCode?: string; httpStatus?: number } } };
    if (body.error?.data?.appCode === 'FORBIDDEN') expect(response.status).toBe(403);
    return { code: body.error?.data?.appCode, message: body.error?.message };
  }

  const signedIn = listOperations(apiContract).filter(({ operation }) => operation.meta.access !== 'public');

  it('covers every signed-in operation, with a least role for each', () => {
    expect(signedIn.length).toBeGreaterThan(60);
    for (const { operation } of signedIn) expect(leastRoleFor(operation)).not.toBeNull();
  });

  for (const { path, operation } of signedIn) {
    it(`${path} (least role ${leastRoleFor(operation)})`, async () => {
      for (const role of ROLES_BY_RANK) {
        const outcome = await call(path, operation, members.get(role)!);
        if (roleMayCall(role, operation)) {
          // Past the role check: the probe input is what is refused (a REST-only operation says so first).
          expect(['VALIDATION_ERROR', 'METHOD_NOT_ALLOWED'], `${role}: ${outcome.code} ${outcome.message}`).toContain(
            outcome.code,
          );
        } else {
          expect(outcome, role).toEqual({
            code: 'FORBIDDEN',
            message: expect.stringMatching(/^This operation requires the (Admin role|\w+ role or above)$/),
          });
        }
      }
    });
  }

  it('reads are open to every role, changes need Developer, and the Viewer keeps its own account', () => {
    const least = new Map(signedIn.map(({ path, operation }) => [path, leastRoleFor(operation)]));
    expect(least.get('sessions.get')).toBe('Viewer');
    expect(least.get('files.get')).toBe('Viewer');
    expect(least.get('sessions.create')).toBe('Developer');
    expect(least.get('files.write')).toBe('Developer');
    expect(least.get('terminals.create')).toBe('Developer');
    expect(least.get('tasks.create')).toBe('Developer');
    expect(least.get('llm.chat')).toBe('Developer');
    expect(least.get('audit.list')).toBe('Admin');
    for (const own of ['users.updateMe', 'users.changePassword', 'auth.logout', 'settings.set', 'apiKeys.create']) {
      expect(least.get(own), own).toBe('Viewer');
    }
  });
});
