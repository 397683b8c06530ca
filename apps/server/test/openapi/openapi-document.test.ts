// The served OpenAPI document: exactly the shim's routes, valid OpenAPI 3.1 (checked by a validator
// package), every error a route can answer, and schemas that real responses actually satisfy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ERROR_STATUS } from '@coditect/api';
import { openApiPath } from '../../src/openapi/openapi-document';
import { errorCodesFor } from '../../src/openapi/route-error-codes';
import { probeContract, probeRouter } from '../support/probe-router';
import { getJson, testServer, type TestServer } from '../support/test-server';
import { registerUser, restClient, type RestClient } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function documentedOperations(document: Json): string[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('OpenAPI document', () => {
  let server: TestServer;
  let document: Json;
  let api: RestClient;

  beforeAll(async () => {
    server = await testServer();
    api = restClient(server.url);
    const response = await getJson(`${server.url}/api/v5/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    document = response.body;
  });
  afterAll(async () => {
    await server.close();
  });

  it('holds every route of the shim’s route table, and nothing else', () => {
    const table = server.app.routes.routes.flatMap((route) => {
      const documented = `${route.method} ${openApiPath(route.path)}`;
      // A wildcard GET is also documented at its root, where the wildcard is empty.
      return route.wildcard && route.method === 'GET'
        ? [documented, `GET ${openApiPath(route.path.replace(/\/:[a-z_]+\*$/, ''))}`]
        : [documented];
    });
    expect(table.length).toBeGreaterThan(15);
    expect(documentedOperations(document).sort()).toEqual([...new Set(table)].sort());
    for (const route of server.app.routes.routes) {
      const operation = document.paths[openApiPath(route.path)][route.method.toLowerCase()];
      if (route.rest.when) {
        // Selected by a query parameter on another operation's method and path: documented as its variant.
        expect(operation['x-variants']).toContainEqual(expect.objectContaining({ 'x-trpc-procedure': route.procedurePath }));
        continue;
      }
      expect(operation.operationId).toBe(route.procedurePath);
      expect(operation['x-trpc-procedure']).toBe(route.procedurePath);
    }
  });

  it('documents the workspace root as the wildcard path without the wildcard, and the server answers it there', async () => {
    const root = document.paths['/sessions/{session_id}/files'];
    expect(Object.keys(root)).toEqual(['get']);
    expect(root.get.operationId).toBe('files.getRoot');
    expect(root.get.parameters.map((parameter: { name: string }) => parameter.name)).not.toContain('path');
    expect(root.get.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'session_id', in: 'path', required: true })]),
    );
    const user = await registerUser(api);
    const session = await createWorkspaceSession(server, user);
    await api.put(`/sessions/${session}/files/a.txt`, { content: 'a' }, user.accessToken);
    const listed = await api.get(`/sessions/${session}/files`, user.accessToken);
    expect(listed.status).toBe(200);
    expect(listed.body.data.entries.map((entry: { name: string }) => entry.name)).toEqual(['a.txt']);
  });

  it('documents a trailing wildcard, query selectors, raw request bodies and streamed answers', () => {
    const files = document.paths['/sessions/{session_id}/files/{path}'];
    expect(files.get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'path', in: 'path', required: true, 'x-path-wildcard': true }),
        expect.objectContaining({ name: 'limit', in: 'query' }),
        expect.objectContaining({ name: 'raw', in: 'query', schema: { type: 'string', enum: ['1', 'true'] } }),
      ]),
    );
    expect(Object.keys(files.get.responses['200'].content).sort()).toEqual(['*/*', 'application/json', 'application/zip']);
    expect(files.get.responses['200'].headers['Content-Disposition']).toBeDefined();
    expect(files.get['x-variants']).toEqual([
      expect.objectContaining({ when: { raw: ['1', 'true'] }, 'x-trpc-procedure': 'files.download' }),
    ]);
    // DELETE takes its fields in the query.
    expect(files.delete.requestBody).toBeUndefined();
    expect(files.delete.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'recursive', in: 'query' })]),
    );
    expect(files.put.requestBody.content['application/json'].schema.required).toEqual(['content']);

    const upload = document.paths['/sessions/{session_id}/upload/{path}'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(expect.arrayContaining(['multipart/form-data', 'application/zip']));
    expect(upload.requestBody.content['application/zip'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(upload.parameters.map((parameter: Json) => `${parameter.in}:${parameter.name}`).sort()).toEqual([
      'path:path',
      'path:session_id',
      'query:archive',
      'query:overwrite',
    ]);
    expect(Object.keys(upload.responses)).toContain('413');
    const tooLarge = upload.responses['413'].content['application/json'].schema.$ref.split('/').at(-1);
    expect(document.components.schemas[tooLarge].properties.error.properties.code.enum).toEqual([
      'PAYLOAD_TOO_LARGE',
      'QUOTA_EXCEEDED',
    ]);
  });

  it('is valid OpenAPI 3.1 according to @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the validator does reject a broken document (it is not a rubber stamp)', async () => {
    const broken = structuredClone(document);
    broken.paths['/health'].get.responses = 'none';
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });

  it('declares path, query and header parameters and bodies without the path fields', () => {
    const update = document.paths['/sessions/{session_id}'].put;
    expect(update.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'session_id',
          in: 'path',
          required: true,
          schema: expect.objectContaining({ format: 'uuid' }),
        }),
        expect.objectContaining({ name: 'if-match', in: 'header', required: false }),
      ]),
    );
    const body = update.requestBody.content['application/json'].schema;
    expect(update.requestBody.required).toBe(false);
    expect(Object.keys(body.properties)).not.toContain('session_id');
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['name', 'editor_state', 'expected_version']));
    expect(body.additionalProperties).toBe(false);

    const related = document.paths['/sessions/related'].get;
    expect(related.requestBody).toBeUndefined();
    expect(related.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'tags', in: 'query', required: true, style: 'form', explode: false }),
        expect.objectContaining({
          name: 'limit',
          in: 'query',
          required: false,
          schema: expect.objectContaining({ maximum: 50 }),
        }),
      ]),
    );
    const register = document.paths['/auth/register'].post;
    expect(register.requestBody.required).toBe(true);
    expect(register.requestBody.content['application/json'].schema.required).toEqual([
      'email',
      'password',
      'first_name',
      'last_name',
    ]);
    expect(document.paths['/auth/logout'].post.requestBody).toBeUndefined();
  });

  it('documents the envelope: data, message, status and ETag from the REST meta', () => {
    const create = document.paths['/sessions'].post.responses['201'];
    const schema = create.content['application/json'].schema;
    expect(schema.required).toEqual(['success', 'data']);
    expect(schema.properties.success).toEqual({ const: true });
    expect(schema.properties.data).toEqual({ $ref: '#/components/schemas/WorkspaceSession' });
    expect(document.components.schemas.WorkspaceSession.properties.session_id).toBeDefined();
    expect(create.headers.ETag).toBeDefined();
    const remove = document.paths['/sessions/{session_id}'].delete.responses['200'].content['application/json'].schema;
    expect(remove.properties).toEqual({ success: { const: true }, message: { type: 'string' } });
    expect(document.paths['/sessions'].post.responses['200']).toBeUndefined();
  });

  it('lists every error code each route can answer, with the error envelope', () => {
    /** A response's schema, its named component followed. */
    const errorSchema = (response: Json): Json => {
      const ref = response.content['application/json'].schema.$ref as string;
      expect(ref).toMatch(/^#\/components\/schemas\/\w+Error$/);
      return document.components.schemas[ref.slice('#/components/schemas/'.length)];
    };
    const statusesOf = (path: string, method: string) => Object.keys(document.paths[path][method].responses);
    // Protected, with input and a path parameter, optimistic concurrency.
    expect(statusesOf('/sessions/{session_id}', 'put')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    expect(statusesOf('/health', 'get')).toEqual(['200', '500', '503']);
    expect(statusesOf('/auth/register', 'post')).toEqual(
      expect.arrayContaining(['201', '400', '409', '413', '429', '500', '503']),
    );
    expect(statusesOf('/auth/register', 'post')).not.toContain('401');
    expect(statusesOf('/auth/login', 'post')).toEqual(expect.arrayContaining(['401', '403']));

    const notFound = document.paths['/sessions/{session_id}'].get.responses['404'];
    expect(errorSchema(notFound).properties.error.properties.code.enum).toEqual(['SESSION_NOT_FOUND']);
    const unauthorized = errorSchema(document.paths['/users/me'].get.responses['401']);
    expect(unauthorized.properties.success).toEqual({ const: false });
    expect(unauthorized.properties.error.properties.code.enum).toEqual(['UNAUTHORIZED', 'TOKEN_EXPIRED']);
    const invalid = errorSchema(document.paths['/sessions'].post.responses['400']);
    expect(invalid.properties.error.properties.details.items).toEqual({ $ref: '#/components/schemas/ValidationIssue' });
    const limited = document.paths['/sessions'].get.responses['429'];
    expect(limited.headers['Retry-After']).toBeDefined();
    expect(errorSchema(limited).properties.error.required).toContain('retry_after');

    // The document and the derivation agree route by route (variants sharing one operation
    // together), and every code sits under its status.
    const sharing = (route: { method: string; path: string }) =>
      server.app.routes.routes.filter((other) => other.method === route.method && other.path === route.path);
    for (const route of server.app.routes.routes) {
      const responses = document.paths[openApiPath(route.path)][route.method.toLowerCase()].responses as Record<string, Json>;
      const documented = Object.entries(responses)
        .filter(([status]) => Number(status) >= 400)
        .flatMap(([status, response]) => {
          const codes = errorSchema(response).properties.error.properties.code.enum as string[];
          for (const code of codes) expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS]).toBe(Number(status));
          return codes;
        });
      expect(documented.sort()).toEqual([...new Set(sharing(route).flatMap((other) => errorCodesFor(other)))].sort());
    }
  });

  it('gives every path parameter and JSON body an example the operation itself accepts', () => {
    let bodies = 0;
    for (const route of server.app.routes.routes) {
      const operation = document.paths[openApiPath(route.path)][route.method.toLowerCase()];
      const input: Record<string, unknown> = {};
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        if (parameter.in !== 'path' && !(parameter.in === 'query' && parameter.required)) continue;
        expect(parameter.example, `${route.procedurePath} ${parameter.name}`).toBeDefined();
        input[parameter.name] = parameter.example;
      }
      const body = operation.requestBody?.content?.['application/json'];
      if (body && route.rest.when === undefined) {
        expect(body.example, route.procedurePath).toBeDefined();
        Object.assign(input, body.example);
        bodies += 1;
      }
      const schema = route.operation.input as
        { safeParse?: (value: unknown) => { success: boolean; error?: unknown } } | undefined;
      // A raw body (an upload) is bytes, not an example.
      if (!schema?.safeParse || route.rest.rawBody || (!body && Object.keys(input).length === 0)) continue;
      const parsed = schema.safeParse(input);
      expect(parsed.success, `${route.procedurePath}: ${JSON.stringify(input)} ${String(parsed.error)}`).toBe(true);
    }
    expect(bodies).toBeGreaterThanOrEqual(15);
  });

  it('names the security each operation accepts', () => {
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
    expect(document.paths['/auth/login'].post.security).toEqual([]);
    expect(document.paths['/sessions'].get.security).toEqual([{ bearerAuth: [] }, { apiKeyAuth: [] }]);
    for (const [path, method] of [
      ['/api-keys', 'post'],
      ['/api-keys', 'get'],
      ['/api-keys/{key_id}', 'delete'],
      ['/auth/logout', 'post'],
      ['/users/me/password', 'put'],
    ] as const) {
      expect(document.paths[path][method].security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('moves shared JSON Schema definitions to components and leaves no dangling reference', () => {
    expect(document.components.schemas.JsonValue).toBeDefined();
    const text = JSON.stringify(document);
    expect(text).not.toContain('#/$defs/');
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(document.components.schemas[name!], name).toBeDefined();
    }
  });

  it('describes real responses: they validate against the documented schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const expectConforms = (path: string, method: string, status: number, body: unknown) => {
      const response = document.paths[path][method].responses[String(status)];
      expect(response, `${method} ${path} documents ${status}`).toBeDefined();
      const schema = { ...response.content['application/json'].schema, components: document.components };
      const validate = ajv.compile(schema);
      expect(validate(body), `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };

    const registered = await api.post('/auth/register', {
      email: `doc-${Date.now()}@example.com`,
      password: 'a long password',
      first_name: 'Doc',
      last_name: 'Check',
    });
    expectConforms('/auth/register', 'post', 201, registered.body);
    const token = registered.body.data.tokens.access_token as string;
    const created = await api.post('/sessions', { name: 'Documented', tags: ['a'] }, token);
    expectConforms('/sessions', 'post', 201, created.body);
    // …and the check can fail: a wrong type or an undocumented field is caught.
    expect(() =>
      expectConforms('/sessions', 'post', 201, { ...created.body, data: { ...created.body.data, version: '1' } }),
    ).toThrow();
    expect(() =>
      expectConforms('/sessions', 'post', 201, { ...created.body, data: { ...created.body.data, extra: 1 } }),
    ).toThrow();
    const id = created.body.data.session_id as string;
    await api.put(`/sessions/${id}`, { memory: { facts: { nested: { deep: [1, 'two', null] } }, decisions: [] } }, token);
    expectConforms('/sessions/{session_id}', 'get', 200, (await api.get(`/sessions/${id}`, token)).body);
    expectConforms('/sessions', 'get', 200, (await api.get('/sessions', token)).body);
    expectConforms('/sessions/related', 'get', 200, (await api.get('/sessions/related?tags=a', token)).body);
    expectConforms('/users/me', 'get', 200, (await api.get('/users/me', token)).body);
    expectConforms('/api-keys', 'post', 201, (await api.post('/api-keys', { name: 'doc' }, token)).body);
    expectConforms('/api-keys', 'get', 200, (await api.get('/api-keys', token)).body);
    expectConforms('/sessions/{session_id}', 'delete', 200, (await api.delete(`/sessions/${id}`, token)).body);
    expectConforms('/health', 'get', 200, (await api.get('/health')).body);

    const invalid = await api.post('/sessions', { name: '' }, token);
    expectConforms('/sessions', 'post', 400, invalid.body);
    expectConforms('/sessions', 'post', 401, (await api.post('/sessions', { name: 'x' })).body);
    expectConforms('/sessions/{session_id}', 'get', 404, (await api.get(`/sessions/${id}`, token)).body);
  });
});

describe('OpenAPI document of any router', () => {
  it('follows the route table: a router’s operations appear without being listed anywhere', async () => {
    const server = await testServer({ router: probeRouter, contract: probeContract });
    try {
      const { body } = await getJson(`${server.url}/api/v5/openapi.json`);
      const table = server.app.routes.routes.map((route) => `${route.method} ${openApiPath(route.path)}`);
      expect(documentedOperations(body).sort()).toEqual([...table].sort());
      expect(body.paths['/probe/items/{item_id}'].get.responses['200'].headers.ETag).toBeDefined();
      const validation = await new Validator().validate(body);
      expect(validation.valid).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('serving the document and the reference page', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves openapi.json with an entity tag, revalidated', async () => {
    const first = await fetch(`${server.url}/api/v5/openapi.json`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    await first.text();
    const again = await fetch(`${server.url}/api/v5/openapi.json`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const head = await fetch(`${server.url}/api/v5/openapi.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the reference page with the strict page CSP, and the renderer from this server', async () => {
    const page = await fetch(`${server.url}/api/v5/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script>[^<]/); // no inline script
    for (const asset of assets) {
      expect(asset.startsWith('/api/v5/docs/'), asset).toBe(true); // nothing from another host
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    const init = await (await fetch(`${server.url}/api/v5/docs/docs-init.js`)).text();
    expect(init).toContain('"/api/v5/openapi.json"');
    expect(init).toContain('validatorUrl: null');
  });

  it('compresses the renderer bundle and lets browsers cache it', async () => {
    const response = await fetch(`${server.url}/api/v5/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await response.text()).length).toBeGreaterThan(1_000_000); // fetch inflates it
  });

  it('answers JSON errors for unknown files and other methods', async () => {
    const missing = await getJson(`${server.url}/api/v5/docs/../../package.json`);
    expect(missing.status).toBe(404);
    const unknown = await getJson(`${server.url}/api/v5/docs/index.js`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const post = await getJson(`${server.url}/api/v5/openapi.json`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
