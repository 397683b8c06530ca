import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, testServer, type TestServer } from './support/test-server';

describe('health and readiness over REST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET /api/v5/health answers status, version and uptime in the envelope', async () => {
    const { status, body, headers } = await getJson(`${server.url}/api/v5/health`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/json');
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(body.success).toBe(true);
    expect(body.data).toMatchObject({ status: 'ok', version: '5.0.0' });
    expect(body.data.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(body.data.timestamp)).not.toBeNaN();
  });

  it('GET /api/v5/ready is 200 while the store answers', async () => {
    const { status, body } = await getJson(`${server.url}/api/v5/ready`);
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, data: { status: 'ready', checks: { store: 'ok', redis: 'not_configured' } } });
  });

  it('unknown routes answer 404 JSON, wrong methods 405 with Allow', async () => {
    const missing = await getJson(`${server.url}/api/v5/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: { code: 'NOT_FOUND', message: 'No route for GET /api/v5/nope' },
    });
    const outside = await getJson(`${server.url}/elsewhere`);
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('NOT_FOUND');
    const wrongMethod = await getJson(`${server.url}/api/v5/health`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    expect(wrongMethod.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('a malformed HTTP request gets a 400 JSON answer, not a dropped socket', async () => {
    const { connect } = await import('node:net');
    const port = new URL(server.url).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /api/v5/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"code":"VALIDATION_ERROR"');
  });
});

describe('readiness when the store is gone', () => {
  it('answers 503 SERVICE_UNAVAILABLE naming the failing dependency', async () => {
    const server = await testServer();
    try {
      await server.store.close();
      const { status, body } = await getJson(`${server.url}/api/v5/ready`);
      expect(status).toBe(503);
      expect(body.success).toBe(false);
      expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.details).toEqual({ checks: { store: 'unavailable', redis: 'not_configured' } });
      const health = await getJson(`${server.url}/api/v5/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.app.close();
    }
  });
});
