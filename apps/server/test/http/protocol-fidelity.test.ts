// What HTTP clients and OpenAPI tools expect of the REST shim: a body declared as something other
// than JSON gets 415 and changes nothing; GET routes answer HEAD; a 401 carries the bearer
// challenge; an If-Match that disagrees with the body's version is refused, not silently chosen;
// the same API key sent in both credential headers is one credential; the document says all this.
import { describe, expect, it } from 'vitest';
import { registerUser } from '../support/rest-client';
import { getJson, useTestServer } from '../support/test-server';

describe('protocol fidelity of the REST shim', () => {
  const server = useTestServer();
  const base = () => `${server.url}/api/v5`;

  it('refuses a body declared as text or a form with 415, creating nothing', async () => {
    const user = await registerUser(server.api);
    const auth = { authorization: `Bearer ${user.accessToken}` };
    const body = JSON.stringify({ name: 'Typed wrong' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await getJson(`${base()}/sessions`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
      expect(answer.status, type).toBe(415);
      expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(answer.body.error.message).toContain(type.split(';')[0]);
    }
    const listed = await server.api.get('/sessions', user.accessToken);
    expect(listed.body.data.sessions ?? listed.body.data).toHaveLength(0);
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']) {
      const answer = await getJson(`${base()}/sessions`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
      expect(answer.status, type).toBe(201);
    }
    // No declared type: taken as JSON, as before.
    const untyped = await fetch(`${base()}/sessions`, { method: 'POST', headers: auth, body: new Blob([body]) });
    expect(untyped.status).toBe(201);
  });

  it('answers HEAD on a GET route with its headers and no body; lists HEAD where GET is allowed', async () => {
    const user = await registerUser(server.api);
    const get = await fetch(`${base()}/users/me`, { headers: { authorization: `Bearer ${user.accessToken}` } });
    const head = await fetch(`${base()}/users/me`, { method: 'HEAD', headers: { authorization: `Bearer ${user.accessToken}` } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect((await fetch(`${base()}/users/me`, { method: 'HEAD' })).status).toBe(401);
    const wrong = await fetch(`${base()}/users/me`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toMatch(/GET.*HEAD/);
    const postOnly = await fetch(`${base()}/auth/login`, { method: 'HEAD' });
    expect(postOnly.status).toBe(405);
    expect(postOnly.headers.get('allow')).toBe('POST');
  });

  it('sends the bearer challenge with every 401', async () => {
    const missing = await fetch(`${base()}/users/me`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="coditect", error="invalid_token"');
    const forged = await fetch(`${base()}/users/me`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const user = await registerUser(server.api);
    const login = await getJson(`${base()}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: 'not the password at all' }),
    });
    expect(login.status).toBe(401);
    expect(login.headers.get('www-authenticate')).toBe('Bearer realm="coditect"');
  });

  it('refuses an If-Match that disagrees with expected_version; agreeing ones pass', async () => {
    const user = await registerUser(server.api);
    const created = await server.api.post('/sessions', { name: 'Versions' }, user.accessToken);
    const id = created.body.data.session_id as string;
    const version = created.body.data.version as number;
    const put = (ifMatch: string, body: Record<string, unknown>) =>
      getJson(`${base()}/sessions/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json', 'if-match': ifMatch },
        body: JSON.stringify(body),
      });
    const disagreeing = await put(`"${version}"`, { name: 'Mine', expected_version: version + 5 });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body.error.details).toEqual([expect.objectContaining({ path: 'expected_version' })]);
    expect((await server.api.get(`/sessions/${id}`, user.accessToken)).body.data.name).toBe('Versions');
    const agreeing = await put(`"${version}"`, { name: 'Mine', expected_version: version });
    expect(agreeing.status).toBe(200);
    expect((await server.api.get(`/sessions/${id}`, user.accessToken)).body.data.name).toBe('Mine');
  });

  it('takes the same API key in Authorization and X-API-Key as one credential; two different ones are refused', async () => {
    const user = await registerUser(server.api);
    const key = (await server.api.post('/api-keys', { name: 'both', scope: 'read' }, user.accessToken)).body.data
      .secret as string;
    const both = await fetch(`${base()}/users/me`, { headers: { authorization: `Bearer ${key}`, 'x-api-key': key } });
    expect(both.status).toBe(200);
    const mixed = await fetch(`${base()}/users/me`, {
      headers: { authorization: `Bearer ${user.accessToken}`, 'x-api-key': key },
    });
    expect(mixed.status).toBe(401);
  });

  it('documents the media type rule, the headers and the challenge', async () => {
    const { body: document } = await getJson(`${base()}/openapi.json`);
    const create = document.paths['/sessions'].post.responses;
    expect(create['415'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/UnsupportedMediaTypeError' });
    const refused = document.components.schemas.UnsupportedMediaTypeError;
    expect(refused.properties.error.properties.code.enum).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    expect(document.components.headers['WWW-Authenticate']).toBeDefined();
    expect(Object.keys(create['201'].headers)).toEqual(
      expect.arrayContaining(['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'ETag']),
    );
    expect(create['401'].headers['WWW-Authenticate']).toEqual({ $ref: '#/components/headers/WWW-Authenticate' });
    expect(create['429'].headers['Retry-After']).toBeDefined();
    // A GET has no body to refuse; an upload names its own media types.
    expect(document.paths['/sessions'].get.responses['415']).toBeUndefined();
    const health = document.paths['/health'].get.responses['200'].headers;
    expect(Object.keys(health)).toEqual(['X-Request-Id']);
  });
});
