// GET /metrics: off without METRICS_TOKEN, refused without the token, and in Prometheus format
// with what an operator watches — requests and latency per operation and status, rate-limit
// refusals, the audit queue, store transactions, model tokens, the process. With WORKERS=2 one
// scrape counts the requests of both workers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatClient, runChat } from '../support/chat-client';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { rawRequest } from '../support/raw-http';
import { startServerProcess, waitForWorkers } from '../support/server-process';
import { useTestServer } from '../support/test-server';

const TOKEN = 'scrape-me-please-0123456789';

/** The value of one sample (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics', () => {
  const fake = useFakeLlmProvider();
  const server = useTestServer(() => ({
    env: { METRICS_TOKEN: TOKEN, LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '5s', RATE_LIMIT_LOGIN: '2/15m' },
  }));
  const scrape = (authorization?: string) => fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it('answers only the scraper holding the token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', TOKEN]) {
      const refused = await scrape(authorization);
      expect(refused.status, String(authorization)).toBe(401);
      expect((await refused.json()).error.code).toBe('UNAUTHORIZED');
    }
    expect((await fetch(`${server.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      405,
    );
    const answer = await scrape(`Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('counts requests per operation and status, refusals, store work, the audit queue and the process', async () => {
    const user = await registerUser(server.api);
    for (let index = 0; index < 3; index += 1) expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
    expect(
      (await fetch(`${server.url}/trpc/users.me`, { headers: { authorization: `Bearer ${user.accessToken}` } })).status,
    ).toBe(200);
    expect((await server.api.get(`/sessions/${crypto.randomUUID()}`, user.accessToken)).status).toBe(404);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await server.api.post('/auth/login', { email: user.email, password: 'not the password, really not' });
    }
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, 'coditect_http_requests_total', { operation: 'users.me', method: 'GET', status: '200' })).toBe(4);
    expect(sample(text, 'coditect_http_requests_total', { operation: 'sessions.get', status: '404' })).toBe(1);
    expect(sample(text, 'coditect_http_request_duration_seconds_count', { operation: 'users.me' })).toBe(4);
    expect(sample(text, 'coditect_rate_limit_refusals_total', { operation: 'auth.login' })).toBe(1);
    expect(sample(text, 'coditect_store_transactions_total', { backend: 'embedded' })).toBeGreaterThan(5);
    expect(sample(text, 'coditect_store_retries_total')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'coditect_audit_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'coditect_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Credentials and bodies never become labels.
    expect(text).not.toContain(user.accessToken);
    expect(text).not.toContain(user.email);
  });

  it('counts the tokens the model provider reports', async () => {
    const user = await registerUser(server.api);
    const session = await server.api.post('/sessions', { name: 'Metered' }, user.accessToken);
    const conversation = await server.api.post(
      '/conversations',
      { workspace_session_id: session.body.data.session_id, title: 'Tokens' },
      user.accessToken,
    );
    const outcome = await runChat(chatClient(server.url, { via: 'ticket', token: user.accessToken }), {
      conversation_id: conversation.body.data.conversation_id,
      content: 'count me',
      model: 'fake-ok',
    });
    expect(outcome.error).toBeUndefined();
    const last = outcome.events.at(-1)!.data;
    if (last.type !== 'assistant_message' || !last.usage) throw new Error('expected a reply with usage');
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, 'coditect_model_tokens_total', { model: 'fake-ok', kind: 'completion' })).toBe(
      last.usage.completion_tokens,
    );
    expect(sample(text, 'coditect_model_tokens_total', { model: 'fake-ok', kind: 'prompt' })).toBe(last.usage.prompt_tokens);
  });
});

describe('metrics when METRICS_TOKEN is unset', () => {
  const server = useTestServer();
  it('has no /metrics at all', async () => {
    const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(404);
    expect((await answer.json()).error.code).toBe('NOT_FOUND');
  });
});

describe('metrics in a cluster', () => {
  it('one scrape counts the requests every worker answered', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-metrics-'));
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      WORKERS: '2',
      TERMINALS_ENABLED: 'false',
      METRICS_TOKEN: TOKEN,
    });
    try {
      await waitForWorkers(server, 2);
      // A fresh connection per request, so the primary spreads them over the workers.
      const get = (path: string, headers: string[] = []) =>
        rawRequest(server.port, [`GET ${path} HTTP/1.1`, 'host: cluster', ...headers].join('\r\n'));
      for (let index = 0; index < 10; index += 1) expect((await get('/api/v5/health')).status).toBe(200);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const scraped = await get('/metrics', [`authorization: Bearer ${TOKEN}`]);
        expect(scraped.status).toBe(200);
        expect(sample(scraped.body, 'coditect_http_requests_total', { operation: 'health.check', status: '200' })).toBe(10);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
