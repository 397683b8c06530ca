// Answers no cache may keep, security headers even on the raw answers to malformed HTTP, and an
// oversize upload that gets a readable 413 instead of a reset connection.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

/** Writes raw bytes and reads the answer until the server closes the connection. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(bytes, 'latin1'));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('response hygiene', () => {
  const server = useTestServer({ env: { BODY_LIMIT: '1mb' } });

  it('token, secret and authenticated answers carry Cache-Control: no-store (REST and tRPC)', async () => {
    const { api } = server;
    const registered = await api.post('/auth/register', {
      email: `nostore-${Date.now()}@example.com`,
      password: 'correct horse battery staple',
      first_name: 'No',
      last_name: 'Store',
    });
    const token = registered.body.data.tokens.access_token as string;
    const answers = [
      registered,
      await api.post('/auth/login', { email: registered.body.data.user.email, password: 'correct horse battery staple' }),
      await api.post('/auth/refresh', { refresh_token: registered.body.data.tokens.refresh_token }),
      await api.post('/api-keys', { name: 'k', scope: 'read' }, token),
      await api.get('/users/me', token),
      await api.get('/users/me'),
    ];
    for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
    const trpc = await fetch(`${server.url}/trpc/users.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(trpc.status).toBe(200);
    expect(trpc.headers.get('cache-control')).toBe('no-store');
  });

  it('the raw 400 and 431 answers to malformed HTTP carry the security headers too', async () => {
    const malformed = await rawExchange(server.port, 'GET /api/v5/health HTTP/1.1\r\nHost: x\r\nbad header line\r\n\r\n');
    const tooLarge = await rawExchange(
      server.port,
      `GET /api/v5/health HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(3 * 1024 * 1024)}\r\n\r\n`,
    );
    for (const [answer, status] of [
      [malformed, '400'],
      [tooLarge, '431'],
    ] as const) {
      expect(answer.split('\r\n')[0]).toContain(status);
      expect(answer).toMatch(/x-content-type-options: nosniff/i);
      expect(answer).toMatch(/content-security-policy: default-src 'none'/i);
      expect(answer).toMatch(/x-frame-options: DENY/i);
      expect(answer).toMatch(/cache-control: no-store/i);
    }
  });

  it('an 8 MB upload gets a readable 413 PAYLOAD_TOO_LARGE, over REST and tRPC, declared or streamed', async () => {
    const user = await registerUser(server.api);
    const huge = JSON.stringify({ name: 'x'.repeat(8 * 1024 * 1024) });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` };
    const declared = await fetch(`${server.url}/api/v5/sessions`, { method: 'POST', headers, body: huge });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        const piece = new TextEncoder().encode('x'.repeat(256 * 1024));
        for (let index = 0; index < 32; index += 1) controller.enqueue(piece);
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/api/v5/sessions`, {
      method: 'POST',
      headers,
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const trpc = await fetch(`${server.url}/trpc/sessions.create`, { method: 'POST', headers, body: huge });
    expect(trpc.status).toBe(413);
    expect(((await trpc.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe('PAYLOAD_TOO_LARGE');
  });
});
