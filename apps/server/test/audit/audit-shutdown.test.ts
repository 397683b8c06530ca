// Graceful shutdown writes every pending audit entry before the store closes.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openStore } from '@coditect/store';
import { readTrail } from '../support/audit-trail';
import { testServer } from '../support/test-server';
import { registerUser, restClient } from '../support/rest-client';

describe('audit on shutdown', () => {
  it('flushes the entries still queued when stop() is called', async () => {
    // Nothing is written on a timer during the test: only stop() can write the entries.
    const server = await testServer({ auditFlushDelayMs: 600_000 });
    try {
      const api = restClient(server.url);
      const user = await registerUser(api);
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => api.get('/users/me', user.accessToken).then((r) => r.status)),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
      await server.stop();
      const store = await openStore({ backend: 'embedded', dataDir: server.dataDir });
      try {
        const trail = await readTrail(store, user.tenantId);
        expect(trail.map((entry) => entry.event_type)).toEqual(['auth.register', ...Array(20).fill('request')]);
      } finally {
        await store.close();
      }
    } finally {
      await server.stop();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });
});
