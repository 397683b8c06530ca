// CORS from CORS_ORIGINS and the security headers every response carries.
import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { corsOriginsFor, DEVELOPMENT_ORIGINS } from '../../src/http/cors-policy';
import { applyHtmlSecurityHeaders, applySecurityHeaders, HTML_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers';
import { testServer, type TestServer } from '../support/test-server';
import { registerUser, restClient } from '../support/rest-client';

const ALLOWED = 'https://app.example.com';
const ALSO_ALLOWED = 'http://localhost:5173';
const UNKNOWN = 'https://evil.example.net';

function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
}

function preflight(url: string, origin: string, method = 'PUT', requestHeaders = 'authorization, content-type, if-match') {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': requestHeaders },
  });
}

describe('CORS with listed origins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer({ env: { CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}/` } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a preflight from a listed origin with the methods and headers clients send', async () => {
    for (const origin of [ALLOWED, ALSO_ALLOWED]) {
      const response = await preflight(`${server.url}/api/v5/sessions/0b7e3f4a-5c1d-4e8f-9a2b-3c4d5e6f7a8b`, origin);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
      const allowedHeaders = response.headers.get('access-control-allow-headers')!.split(', ');
      for (const header of ['authorization', 'content-type', 'if-match', 'x-api-key', 'trpc-accept']) {
        expect(allowedHeaders).toContain(header);
      }
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('vary')).toContain('Origin');
      expectSecurityHeaders(response.headers);
    }
  });

  it('answers a preflight from an unknown origin without any CORS grant', async () => {
    const response = await preflight(`${server.url}/api/v5/sessions`, UNKNOWN, 'POST');
    expect(response.status).toBe(204);
    for (const header of [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-allow-methods',
      'access-control-allow-headers',
    ]) {
      expect(response.headers.get(header), header).toBeNull();
    }
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('preflights tRPC paths the same way', async () => {
    const response = await preflight(`${server.url}/trpc/sessions.create`, ALLOWED, 'POST', 'content-type, trpc-accept');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('grants a listed origin on real responses (success and error) and exposes the useful headers', async () => {
    const api = restClient(server.url);
    const user = await registerUser(api);
    const created = await fetch(`${server.url}/api/v5/sessions`, {
      method: 'POST',
      headers: { origin: ALLOWED, authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'From the browser' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(created.headers.get('access-control-allow-credentials')).toBe('true');
    const exposed = created.headers.get('access-control-expose-headers')!.split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'retry-after', 'x-request-id']));
    expect(created.headers.get('vary')).toBe('Origin');
    expectSecurityHeaders(created.headers);

    const denied = await fetch(`${server.url}/api/v5/users/me`, { headers: { origin: ALLOWED } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expectSecurityHeaders(denied.headers);
  });

  it('reflects nothing for an unknown origin, and still varies on Origin', async () => {
    for (const path of ['/api/v5/health', '/api/v5/nowhere', '/trpc/health.check', '/elsewhere']) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: UNKNOWN } });
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), path).toBeNull();
      expect(response.headers.get('vary'), path).toContain('Origin');
      expectSecurityHeaders(response.headers);
    }
    // "null" (sandboxed frames, file://) is an unknown origin like any other.
    const opaque = await fetch(`${server.url}/api/v5/health`, { headers: { origin: 'null' } });
    expect(opaque.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps Origin in Vary beside tRPC’s own Vary, on the direct path and tRPC’s streaming adapter', async () => {
    const direct = await fetch(`${server.url}/trpc/health.check`, { headers: { origin: ALLOWED } });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('vary')).toBe('Origin, trpc-accept, accept');
    expect(direct.headers.get('access-control-allow-origin')).toBe(ALLOWED);

    const streamed = await fetch(`${server.url}/trpc/health.check?batch=1&input=${encodeURIComponent('{}')}`, {
      headers: { origin: ALLOWED, 'trpc-accept': 'application/jsonl' },
    });
    expect(streamed.status).toBe(200);
    await streamed.text();
    expect(streamed.headers.get('vary')!.toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['origin', 'trpc-accept', 'accept']),
    );
    expect(streamed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('a non-preflight OPTIONS is an ordinary request (405 JSON on a REST route)', async () => {
    const response = await fetch(`${server.url}/api/v5/sessions`, { method: 'OPTIONS', headers: { origin: ALLOWED } });
    expect(response.status).toBe(405);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('CORS_ORIGINS=*', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer({ env: { CORS_ORIGINS: '*' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets any origin read responses, never with credentials', async () => {
    const response = await fetch(`${server.url}/api/v5/health`, { headers: { origin: UNKNOWN } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const pre = await preflight(`${server.url}/api/v5/sessions`, UNKNOWN, 'POST');
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('CORS configuration', () => {
  it('defaults to no origin in production and test, and the Vite dev origin in development', () => {
    expect(
      corsOriginsFor(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'Qm9yZGVyLWNvbGxpZGUtc2VjcmV0LTQ4LWJ5dGVzLXJhbmRvbQ' })),
    ).toEqual([]);
    expect(corsOriginsFor(loadConfig({ NODE_ENV: 'test' }))).toEqual([]);
    expect(corsOriginsFor(loadConfig({ NODE_ENV: 'development' }))).toEqual([...DEVELOPMENT_ORIGINS]);
    expect(DEVELOPMENT_ORIGINS).toContain('http://localhost:5173');
    expect(corsOriginsFor(loadConfig({ NODE_ENV: 'development', CORS_ORIGINS: 'https://a.example' }))).toEqual([
      'https://a.example',
    ]);
  });

  it('normalises origins the way browsers send them', () => {
    const config = loadConfig({ CORS_ORIGINS: 'HTTPS://App.Example.com:443/, http://localhost:5173, *' });
    expect(config.CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173', '*']);
  });

  it('stops start-up on anything that is not an origin', () => {
    for (const bad of [
      'app.example.com',
      'https://app.example.com/path',
      'ftp://files.example.com',
      'null',
      'https://user@x.example',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS must list origins/);
    }
  });
});

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('are on every kind of response: REST success and errors, tRPC, unknown paths, bad methods', async () => {
    const cases: Array<[string, RequestInit | undefined]> = [
      ['/api/v5/health', undefined],
      ['/api/v5/users/me', undefined],
      ['/api/v5/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
      ['/api/v5/health', { method: 'DELETE' }],
      ['/trpc/health.check', undefined],
      ['/trpc/nope', undefined],
      ['/somewhere/else', undefined],
    ];
    for (const [path, init] of cases) {
      const response = await fetch(`${server.url}${path}`, init);
      expectSecurityHeaders(response.headers);
      await response.text();
    }
    // No CORS configured: nothing CORS-related at all.
    const plain = await fetch(`${server.url}/api/v5/health`, { headers: { origin: ALLOWED } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('HTML responses get the strict page policy (what the static file module calls)', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    applySecurityHeaders(res);
    applyHtmlSecurityHeaders(res);
    expect(res.getHeader('content-security-policy')).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(res.getHeader('x-frame-options')).toBe('DENY');
    expect(res.getHeader('x-content-type-options')).toBe('nosniff');
    const directives = HTML_CONTENT_SECURITY_POLICY.split('; ');
    expect(directives).toEqual(expect.arrayContaining(["script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]));
    expect(HTML_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(HTML_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
