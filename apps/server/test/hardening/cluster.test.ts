// WORKERS=2: two processes on one port and one embedded store. A write acknowledged by one worker
// is read by the next request, whichever worker takes it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { rawRequest } from '../support/raw-http';
import { startServerProcess } from '../support/server-process';

function json(status: number, body: string) {
  return { status, body: JSON.parse(body) as any };
}

describe('cluster mode', () => {
  it('serves from several workers that see each other’s writes at once, and drains on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-cluster-'));
    const server = await startServerProcess({ DATA_DIR: dataDir, WORKERS: '2', JWT_SECRET: '' });
    try {
      // Fresh connection per request, so the primary spreads them over the workers.
      const call = async (method: string, path: string, body?: unknown, token?: string) => {
        const head = [`${method} /api/v5${path} HTTP/1.1`, 'host: cluster', 'content-type: application/json'];
        if (token) head.push(`authorization: Bearer ${token}`);
        const response = await rawRequest(server.port, head.join('\r\n'), body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
        return json(response.status, response.body);
      };
      const registered = await call('POST', '/auth/register', { email: uniqueEmail('cluster'), password: TEST_PASSWORD, first_name: 'C', last_name: 'L' });
      expect(registered.status).toBe(201);
      const token = registered.body.data.tokens.access_token;
      for (let index = 0; index < 12; index += 1) {
        const created = await call('POST', '/sessions', { name: `n${index}` }, token);
        expect(created.status).toBe(201);
        const read = await call('GET', `/sessions/${created.body.data.session_id}`, undefined, token);
        expect(read.status, `read after write #${index}`).toBe(200);
        const updated = await call('PUT', `/sessions/${created.body.data.session_id}`, { name: `m${index}`, expected_version: 1 }, token);
        expect(updated.status).toBe(200);
        const reread = await call('GET', `/sessions/${created.body.data.session_id}`, undefined, token);
        expect(reread.body.data).toMatchObject({ name: `m${index}`, version: 2 });
      }
      const workerPids = new Set([...server.output().matchAll(/"pid":(\d+)[^\n]*Coditect server listening/g)].map((match) => match[1]));
      expect(workerPids.size).toBe(2);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
