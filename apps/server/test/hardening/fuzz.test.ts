// Hostile input across every route: malformed JSON, wrong types, huge and deeply nested values,
// invalid UTF-8, path tricks, odd headers, injection payloads. Every answer must be a 4xx (or an
// accidental 2xx) JSON envelope with a code, never a 5xx or a hang, and a rejected request must
// leave the store as it was. Seeded and bounded; FUZZ_RUNS raises the count outside CI.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser } from '../support/rest-client';
import { rawRequest } from '../support/raw-http';
import { useFakeLlmProvider } from '../support/fake-llm-provider';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);

const INJECTIONS = [
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '{"$gt": ""}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '${7*7}',
  '{{7*7}}',
  'A'.repeat(10_000),
  '\ud800',
  '😀'.repeat(100),
];

/** encodeURIComponent throws on lone surrogates; send their (invalid) UTF-8 bytes instead. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const pathValue = fc.oneof(
  fc.uuid(),
  fc.constantFrom('..', '%2e%2e', '%2F', '..%2F..%2Fetc', '%252e', 'a%00b', '%E0%A4%A', '%C0%AF', 'null', 'undefined', '0', '-1'),
  fc.constantFrom('x'.repeat(5000), '1'.repeat(300)),
  fc.constantFrom(...INJECTIONS).map(encode),
  fc.string({ maxLength: 40 }).map(encode),
);

function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
function deepObject(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
  fc
    .dictionary(
      fc.constantFrom(
        'name',
        'email',
        'password',
        'first_name',
        'tags',
        'value',
        'role',
        'content',
        'limit',
        'editor_state',
        'memory',
        'tenant_id',
        '__proto__',
        'constructor',
        'expected_version',
        'refresh_token',
        'session_id',
        'workspace_path',
      ),
      fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...INJECTIONS)),
    )
    .map((value) => Buffer.from(JSON.stringify(value))),
  fc.constantFrom(
    Buffer.from('{'),
    Buffer.from('{"name": "x",}'),
    Buffer.from('null'),
    Buffer.from('"string"'),
    Buffer.from('12'),
    Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28]),
    Buffer.from('{"name": "\xff\xfe"}', 'latin1'),
    Buffer.from(deepJson(20_000)),
    Buffer.from(deepObject(5_000)),
    Buffer.from(`{"value": ${deepJson(3_000)}}`),
    Buffer.from(`{"value": ${deepObject(3_000)}}`),
    Buffer.from(JSON.stringify({ value: 'x'.repeat(2_000_000) })),
    Buffer.from('{"__proto__": {"admin": true}, "name": "p"}'),
  ),
);

const headerSet = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      '',
    ),
    'if-match': fc.constantFrom('"1"', 'W/"x"', '*', '"-5"', '""'),
    accept: fc.constantFrom('application/jsonl', 'text/html', '*/*'),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage', '999.999.999.999'),
    'x-tenant-id': fc.uuid(),
  },
  { requiredKeys: [] },
);

describe('hostile input fuzz', () => {
  // A reachable model provider: llm.models would otherwise answer a well-formed call with 503.
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: provider.baseUrl } }));
  let user: RegisteredUser;
  let sessionId: string;
  let port: number;

  beforeAll(async () => {
    port = server.port;
    const api = restClient(server.url);
    user = await registerUser(api);
    sessionId = (await api.post('/sessions', { name: 'target', tags: ['a'] }, user.accessToken)).body.data.session_id;
  });

  /** A digest of everything in the store except audit entries (which record rejected requests too). */
  async function storeDigest(): Promise<string> {
    const hash = createHash('sha256');
    await server.store.transact(async (tx) => {
      const entries = await tx.getRange(Buffer.from([0x00]), Buffer.from([0xff]));
      for (const { key, value } of entries) {
        if (key.includes('audit')) continue;
        hash.update(key).update(value);
      }
    });
    return hash.digest('hex');
  }

  it(`answers ${RUNS} malformed requests with 4xx JSON, never 5xx or a hang, and rejects them without writing`, async () => {
    const routes = server.app.routes.routes;
    const request = fc.record({
      route: fc.constantFrom(...routes),
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom('PATCH', 'OPTIONS', 'HEAD', 'TRACE')),
      useRouteMethod: fc.boolean(),
      param: pathValue,
      ownSession: fc.boolean(),
      query: fc.array(
        fc.tuple(
          fc.constantFrom('limit', 'cursor', 'tags', 'offset', 'category', 'x', 'limit[]'),
          fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('-1', '1e9', 'NaN', '0x10', ',,,', ...INJECTIONS.slice(0, 6))),
        ),
        { maxLength: 3 },
      ),
      body: fc.option(jsonBody, { nil: undefined }),
      headers: headerSet,
      auth: fc.constantFrom('valid', 'none', 'garbage', 'refresh'),
    });

    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const method = input.useRouteMethod ? input.route.method : input.method;
        const path = input.route.path.replace(/:([a-z_]+)/g, () => (input.ownSession ? sessionId : input.param));
        const query = input.query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
        const target = `/api/v5${path}${query ? `?${query}` : ''}`;
        const headers = Object.entries(input.headers)
          .filter(([, value]) => value !== '')
          .map(([name, value]) => `${name}: ${value}`);
        if (input.auth === 'valid') headers.push(`authorization: Bearer ${user.accessToken}`);
        if (input.auth === 'garbage') headers.push('authorization: Bearer a.b.c');
        if (input.auth === 'refresh') headers.push(`authorization: Bearer ${user.refreshToken}`);
        const before = await storeDigest();
        const response = await rawRequest(
          port,
          [`${method} ${target} HTTP/1.1`, 'host: fuzz', ...headers].join('\r\n'),
          input.body,
        );
        const context = `${method} ${target.slice(0, 200)} → ${response.status} ${response.body.slice(0, 300)}`;
        expect(response.status, context).toBeGreaterThanOrEqual(200);
        // This server runs without terminals: a terminal request that is well formed, for the
        // caller's own session, is answered 503 SERVICE_UNAVAILABLE (checked below like a 4xx).
        const terminalsOff = response.status === 503 && input.route.procedurePath.startsWith('terminals.');
        if (!terminalsOff) expect(response.status, context).toBeLessThan(500);
        if (method === 'HEAD') return;
        const body = JSON.parse(response.body) as { success: boolean; error?: { code: string } };
        if (terminalsOff) expect(body.error?.code, context).toBe('SERVICE_UNAVAILABLE');
        if (response.status >= 400) {
          expect(body.success, context).toBe(false);
          expect(ERROR_CODES, context).toContain(body.error?.code);
          expect(await storeDigest(), `store changed by a rejected request: ${context}`).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: 0xc0d17ec7, endOnFailure: true },
    );
    // The server is still healthy after the barrage.
    expect((await restClient(server.url).get('/health')).status).toBe(200);
  });

  it('answers malformed tRPC calls with JSON errors, never 5xx', async () => {
    const call = fc.record({
      paths: fc.array(
        fc.oneof(
          fc.constantFrom(
            'sessions.get',
            'sessions.create',
            'auth.login',
            'users.me',
            'health.check',
            'nope',
            '',
            '__proto__',
            'constructor.prototype',
          ),
          fc.string({ maxLength: 10 }),
        ),
        { minLength: 1, maxLength: 4 },
      ),
      batch: fc.boolean(),
      method: fc.constantFrom('GET', 'POST'),
      input: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        fc.constantFrom('{', '%%%', deepJson(10_000), '{"0":{"session_id":"x"}}'),
      ),
    });
    await fc.assert(
      fc.asyncProperty(call, async ({ paths, batch, method, input }) => {
        const path = `/trpc/${paths.map(encode).join(',')}`;
        const query = [batch ? 'batch=1' : '', method === 'GET' ? `input=${encode(input)}` : ''].filter(Boolean).join('&');
        const response = await rawRequest(
          port,
          [
            `${method} ${path}${query ? `?${query}` : ''} HTTP/1.1`,
            'host: fuzz',
            'content-type: application/json',
            `authorization: Bearer ${user.accessToken}`,
          ].join('\r\n'),
          method === 'POST' ? Buffer.from(input) : undefined,
        );
        const context = `${method} ${path} → ${response.status} ${response.body.slice(0, 200)}`;
        expect(response.status, context).toBeLessThan(500);
        expect(() => JSON.parse(response.body), context).not.toThrow();
      }),
      { numRuns: 300, seed: 7, endOnFailure: true },
    );
  });
});
