// WORKERS=2: two processes on one port and one embedded store. A write acknowledged by one worker
// is read by the next request, whichever worker takes it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { rawRequest } from '../support/raw-http';
import { freshConnectionCaller, startServerProcess, waitForWorkers } from '../support/server-process';

describe('cluster mode', () => {
  it('serves from several workers that see each other’s writes at once, and drains on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-cluster-'));
    const server = await startServerProcess({ DATA_DIR: dataDir, WORKERS: '2', TERMINALS_ENABLED: 'false', JWT_SECRET: '' });
    try {
      await waitForWorkers(server, 2);
      const call = freshConnectionCaller(server);
      const registered = await call('POST', '/auth/register', {
        email: uniqueEmail('cluster'),
        password: TEST_PASSWORD,
        first_name: 'C',
        last_name: 'L',
      });
      expect(registered.status).toBe(201);
      const token = registered.body.data.tokens.access_token;
      for (let index = 0; index < 12; index += 1) {
        const created = await call('POST', '/sessions', { name: `n${index}` }, token);
        expect(created.status).toBe(201);
        const read = await call('GET', `/sessions/${created.body.data.session_id}`, undefined, token);
        expect(read.status, `read after write #${index}`).toBe(200);
        const updated = await call(
          'PUT',
          `/sessions/${created.body.data.session_id}`,
          { name: `m${index}`, expected_version: 1 },
          token,
        );
        expect(updated.status).toBe(200);
        const reread = await call('GET', `/sessions/${created.body.data.session_id}`, undefined, token);
        expect(reread.body.data).toMatchObject({ name: `m${index}`, version: 2 });
      }
      const workerPids = new Set(
        [...server.output().matchAll(/"pid":(\d+)[^\n]*Coditect server listening/g)].map((match) => match[1]),
      );
      expect(workerPids.size).toBe(2);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps rate limits exact across workers without Redis (counted in the primary)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-cluster-limits-'));
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      WORKERS: '2',
      TERMINALS_ENABLED: 'false',
      RATE_LIMIT_LOGIN: '4/15m',
    });
    try {
      await waitForWorkers(server, 2);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const response = await rawRequest(
          server.port,
          ['POST /api/v5/auth/login HTTP/1.1', 'host: cluster', 'content-type: application/json'].join('\r\n'),
          Buffer.from(JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' })),
        );
        statuses.push(response.status);
      }
      // Spread over two workers, per-process counters would have allowed 8 attempts.
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      server.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
