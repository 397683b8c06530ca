// Rejected credentials are in the trail — counted per address and reason over a window, so a flood
// of bad tokens writes a handful of entries, not one each.
import { describe, expect, it } from 'vitest';
import { SYSTEM_AUDIT_TENANT, type TAuditEntry } from '@coditect/api';
import { readTrail } from '../support/audit-trail';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

describe('rejected credentials', () => {
  const server = useTestServer({ env: { TRUST_PROXY: 'true' } });
  const get = (path: string, headers: Record<string, string>, ip: string) =>
    server.api.call('GET', path, { headers: { ...headers, 'x-forwarded-for': ip } });

  it('tallies a flood of bad tokens and API keys into one entry per address, reason and kind', async () => {
    const user = await registerUser(server.api);
    await server.api.post('/auth/logout', undefined, user.accessToken);
    const before = (await readTrail(server.store, SYSTEM_AUDIT_TENANT)).length;
    for (let attempt = 0; attempt < 40; attempt += 1) {
      expect((await get('/users/me', { authorization: `Bearer garbage-${attempt}` }, '198.51.100.60')).status).toBe(401);
    }
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await get('/users/me', { 'x-api-key': `cdk_${'A'.repeat(43)}` }, '198.51.100.60')).status).toBe(401);
      // A revoked session's token, from another address, on an unknown route (refused before any procedure).
      expect((await get('/nowhere', { authorization: `Bearer ${user.accessToken}` }, '198.51.100.61')).status).toBe(404);
    }
    // No credential at all is not a rejection.
    expect((await get('/users/me', {}, '198.51.100.62')).status).toBe(401);
    await server.audit.flush();
    const tallies = (await readTrail(server.store, SYSTEM_AUDIT_TENANT))
      .slice(before)
      .filter((entry: TAuditEntry) => entry.event_type === 'auth.credential_rejected');
    const summary = tallies.map((entry) => [entry.ip_address, entry.error_code, entry.details!.credential, entry.details!.count]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['198.51.100.60', 'UNAUTHORIZED', 'token', 40],
        ['198.51.100.60', 'UNAUTHORIZED', 'api_key', 5],
        ['198.51.100.61', 'UNAUTHORIZED', 'token', 5],
      ]),
    );
    expect(summary).toHaveLength(3);
    expect(tallies.every((entry) => entry.request_body === null)).toBe(true);
  });
});

describe('a full audit queue', () => {
  // A queue of 5 that is not written for a minute: the 6th entry on has nowhere to go.
  const server = useTestServer({ auditMaxPending: 5, auditFlushDelayMs: 60_000 });

  it('drops what does not fit, and records how many in the tenant’s trail instead of dropping silently', async () => {
    const user = await registerUser(server.api);
    for (let call = 0; call < 12; call += 1) expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
    await server.audit.flush();
    const trail = await readTrail(server.store, user.tenantId);
    const dropped = trail.filter((entry) => entry.event_type === 'audit.entries_dropped');
    expect(dropped).toHaveLength(1);
    const kept = trail.filter((entry) => entry.event_type === 'request').length;
    expect(kept + (dropped[0]!.details!.count as number)).toBe(12);
    expect(dropped[0]!.details!.count).toBeGreaterThan(0);
  });
});
