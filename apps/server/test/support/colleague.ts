// A second user in an existing tenant, signed in: a shortcut past the invitation mail, through the
// membership service an accepted invitation goes through.
import { addTenantMember, type TRole } from '@coditect/api';
import type { TestServer } from './test-server';
import { TEST_PASSWORD, uniqueEmail, type RegisteredUser } from './rest-client';

export async function addColleague(server: TestServer, tenantId: string, role: TRole = 'Developer'): Promise<RegisteredUser> {
  const email = uniqueEmail('colleague');
  const { user_id } = await addTenantMember(
    { deps: server.deps, identity: server.deps.identity },
    { tenant_id: tenantId, email, password: TEST_PASSWORD, first_name: 'Col', last_name: 'League', role },
  );
  const signedIn = await server.api.post('/auth/login', { email, password: TEST_PASSWORD });
  if (signedIn.status !== 200 || signedIn.body.data.user.tenant_id !== tenantId) {
    throw new Error(`colleague sign-in failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  }
  return {
    email,
    password: TEST_PASSWORD,
    userId: user_id,
    tenantId,
    accessToken: signedIn.body.data.tokens.access_token,
    refreshToken: signedIn.body.data.tokens.refresh_token,
  };
}
