import { describe, expect, it } from 'vitest';
import { probeContract, probeRouter } from './support/probe-router';
import { getJson, useTestServer } from './support/test-server';

const ITEM = '0b7e3f4a-5c1d-4e8f-9a2b-3c4d5e6f7a8b';

describe('REST shim (generic behaviour, probe router)', () => {
  const server = useTestServer({ router: probeRouter, contract: probeContract, env: { BODY_LIMIT: '4096' } });
  const api = (path: string) => `${server.url}/api/v5${path}`;
  const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it('derives its route table from procedure meta', () => {
    const paths = server.app.routes.routes.map((route) => `${route.method} ${route.path}`);
    expect(paths).toContain('GET /probe/items/:item_id');
    expect(paths).toContain('DELETE /probe/items/:item_id');
    expect(paths).toHaveLength(11);
  });

  it('converts query text by the input schema: integers, booleans, comma lists', async () => {
    const { status, body } = await getJson(api('/probe/echo?n=42&flag=true&tags=a,b&tags=c&name=007'));
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, data: { n: 42, flag: true, tags: ['a', 'b', 'c'], name: '007' } });
  });

  it('rejects bad query values and unknown fields with 400 VALIDATION_ERROR and details', async () => {
    const notNumber = await getJson(api('/probe/echo?n=forty'));
    expect(notNumber.status).toBe(400);
    expect(notNumber.body.error.code).toBe('VALIDATION_ERROR');
    expect(notNumber.body.error.details[0].path).toBe('n');
    const unknown = await getJson(api('/probe/echo?n=1&tenant_id=x'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].message).toContain('tenant_id');
  });

  it('a static route is not shadowed by a :param route', async () => {
    const special = await getJson(api('/probe/items/special'));
    expect(special.body).toEqual({ success: true, data: { special: true } });
    const item = await getJson(api(`/probe/items/${ITEM}`));
    expect(item.body.data).toEqual({ item_id: ITEM, version: 7 });
    expect(item.headers.get('etag')).toBe('"7"');
  });

  it('answers 201 from meta and accepts camelCase aliases of snake_case fields', async () => {
    const { status, body } = await getJson(api('/probe/items'), json('POST', { firstName: 'Ada', workspacePath: '/w' }));
    expect(status).toBe(201);
    expect(body).toEqual({ success: true, data: { first_name: 'Ada', workspace_path: '/w' } });
  });

  it('path parameters win over body fields, and If-Match fills expected_version', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const { status, body } = await getJson(
      api(`/probe/items/${ITEM}`),
      json('PUT', { item_id: other, label: 'x' }, { 'if-match': 'W/"12"' }),
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({ item_id: ITEM, label: 'x', expected_version: 12 });
  });

  it('lifts message payloads to the envelope', async () => {
    const { status, body } = await getJson(api(`/probe/items/${ITEM}`), { method: 'DELETE' });
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, message: 'Item deleted successfully' });
  });

  it('malformed JSON, non-object bodies and bad path params are 400s', async () => {
    const malformed = await getJson(api('/probe/items'), json('POST', '{"first_name": '));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Request body is not valid JSON',
      details: [{ path: '', message: 'Request body is not valid JSON' }],
    });
    const array = await getJson(api('/probe/items'), json('POST', '[1,2]'));
    expect(array.status).toBe(400);
    expect(array.body.error.message).toBe('Request body must be a JSON object');
    const badId = await getJson(api('/probe/items/not-a-uuid'));
    expect(badId.status).toBe(400);
    const badEscape = await getJson(api('/probe/items/%E0%A4%A'));
    expect([400, 404]).toContain(badEscape.status);
    expect(badEscape.body.success).toBe(false);
  });

  it('bodies over the limit are 413 PAYLOAD_TOO_LARGE, declared or streamed', async () => {
    const big = JSON.stringify({ first_name: 'x'.repeat(5000) });
    const declared = await getJson(api('/probe/items'), json('POST', big));
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const chunked = await getJson(api('/probe/items'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('domain errors keep their code, status, details and Retry-After', async () => {
    const conflict = await getJson(api('/probe/conflict'), json('POST', {}));
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({
      success: false,
      error: { code: 'CONFLICT', message: 'Stale version', details: { current_version: 4 } },
    });
    const limited = await getJson(api('/probe/limited'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retry_after: 3 });
  });

  it('bugs become 500 INTERNAL_ERROR without leaking internals', async () => {
    for (const path of ['/probe/crash', '/probe/bad-output']) {
      const { status, body } = await getJson(api(path));
      expect(status).toBe(500);
      expect(body).toEqual({ success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
    }
  });
});
