// Our direct tRPC dispatch must be indistinguishable from tRPC's own adapter: the real client
// links work against it, and raw responses match the standalone adapter byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpLink, TRPCClientError } from '@trpc/client';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { probeContract, probeRouter, type ProbeRouter } from '../support/probe-router';
import { testServer, type TestServer } from '../support/test-server';

const ITEM = '0b7e3f4a-5c1d-4e8f-9a2b-3c4d5e6f7a8b';

describe('tRPC over our dispatch', () => {
  let ours: TestServer;
  let reference: Server;
  let referenceUrl: string;
  let requests = 0;

  beforeAll(async () => {
    ours = await testServer({ router: probeRouter, contract: probeContract, env: { BODY_LIMIT: '4096' } });
    ours.app.server.prependListener('request', () => {
      requests += 1;
    });
    reference = createHTTPServer({
      basePath: '/trpc/',
      router: probeRouter,
      createContext: () => ({
        deps: ours.deps,
        request: {
          requestId: 'reference',
          ip: '127.0.0.1',
          userAgent: undefined,
          authorization: undefined,
          method: 'GET',
          path: '/trpc',
          receivedAt: performance.now(),
        },
      }),
    });
    await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
    referenceUrl = `http://127.0.0.1:${(reference.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await ours.close();
    await new Promise((resolve) => reference.close(resolve));
  });

  it('httpLink: queries, mutations and typed errors', async () => {
    const client = createTRPCClient<ProbeRouter>({ links: [httpLink({ url: `${ours.url}/trpc` })] });
    expect(await client.probe.echo.query({ n: 1, tags: ['x'] })).toEqual({ n: 1, tags: ['x'] });
    expect(await client.probe.create.mutate({ first_name: 'Ada' })).toEqual({ first_name: 'Ada', workspace_path: null });
    const error = await client.probe.conflict.mutate().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<ProbeRouter>).data as Record<string, unknown>;
    expect(data).toMatchObject({ code: 'CONFLICT', httpStatus: 409, appCode: 'CONFLICT', path: 'probe.conflict' });
    expect(data.details).toEqual({ current_version: 4 });
    expect(data.stack).toBeUndefined();
  });

  it('httpBatchLink: concurrent calls travel in one request and keep their own results', async () => {
    const client = createTRPCClient<ProbeRouter>({ links: [httpBatchLink({ url: `${ours.url}/trpc` })] });
    const before = requests;
    const [echo, item, failure] = await Promise.all([
      client.probe.echo.query({ n: 5 }),
      client.probe.item.query({ item_id: ITEM }),
      client.probe.echo.query({ n: 1.5 }).catch((caught: unknown) => caught),
    ]);
    expect(requests - before).toBe(1);
    expect(echo).toEqual({ n: 5 });
    expect(item).toEqual({ item_id: ITEM, version: 7 });
    expect(failure).toBeInstanceOf(TRPCClientError);
    expect((failure as TRPCClientError<ProbeRouter>).data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION_ERROR' });
  });

  const cases: Array<[string, string, RequestInit?]> = [
    ['single query', `/trpc/probe.echo?input=${encodeURIComponent(JSON.stringify({ n: 3 }))}`],
    ['query without input', '/trpc/probe.special'],
    ['batch of queries', `/trpc/probe.echo,probe.special?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { n: 9 } }))}`],
    [
      'mixed batch (207)',
      `/trpc/probe.echo,probe.echo?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { n: 1 }, 1: { n: 'x' } }))}`,
    ],
    ['unknown procedure', '/trpc/probe.nothing'],
    ['unknown procedure in a batch', `/trpc/probe.special,probe.nothing?batch=1&input={}`],
    ['invalid JSON input', '/trpc/probe.echo?input=%7Bnope'],
    ['validation error', `/trpc/probe.echo?input=${encodeURIComponent(JSON.stringify({ n: 1, extra: true }))}`],
    ['query over POST', '/trpc/probe.special', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
    ['mutation over GET', '/trpc/probe.create'],
    [
      'mutation',
      '/trpc/probe.create',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"first_name":"Bo"}' },
    ],
    [
      'batched mutations',
      '/trpc/probe.create,probe.conflict?batch=1',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: { first_name: 'Cy' } }),
      },
    ],
    [
      'mutation with malformed body',
      '/trpc/probe.create',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' },
    ],
    ['domain error', '/trpc/probe.limited'],
    ['internal error', '/trpc/probe.crash'],
    ['output contract broken', '/trpc/probe.badOutput'],
  ];

  it.each(cases)('%s: same status and body as tRPC’s own adapter', async (_name, path, init) => {
    const [mine, theirs] = await Promise.all([fetch(`${ours.url}${path}`, init), fetch(`${referenceUrl}${path}`, init)]);
    const [mineBody, theirsBody] = await Promise.all([mine.text(), theirs.text()]);
    expect(mine.status).toBe(theirs.status);
    expect(JSON.parse(mineBody)).toEqual(JSON.parse(theirsBody));
    expect(mine.headers.get('content-type')).toContain('application/json');
    expect(mine.headers.get('vary')).toBe(theirs.headers.get('vary'));
  });

  describe('the body limit, on requests tRPC’s own adapter serves too', () => {
    // `ours` allows 4096 bytes; every body below is larger.
    const big = JSON.stringify({ 0: { first_name: 'x'.repeat(5000) } });
    const oversize: Array<[string, Record<string, string>]> = [
      ['trpc-accept: application/jsonl', { 'content-type': 'application/json', 'trpc-accept': 'application/jsonl' }],
      ['accept: application/jsonl', { 'content-type': 'application/json', accept: 'application/jsonl' }],
      ['a text/plain body', { 'content-type': 'text/plain' }],
    ];

    it.each(oversize)(
      '%s: a body declared too large is 413 PAYLOAD_TOO_LARGE, one error for the request',
      async (_name, headers) => {
        const response = await fetch(`${ours.url}/trpc/probe.create?batch=1`, { method: 'POST', headers, body: big });
        expect(response.status).toBe(413);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(response.headers.get('x-request-id')).toBeTruthy();
        // A failed streaming request is one error object, not a stream: what httpBatchStreamLink reads.
        const body = (await response.json()) as { error: { message: string; data: Record<string, unknown> } };
        expect(body.error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, appCode: 'PAYLOAD_TOO_LARGE' });
        expect(body.error.message).toBe('Request body exceeds the limit of 4096 bytes');
      },
    );

    it('a streamed (chunked) body is cut at the limit; the call fails with PAYLOAD_TOO_LARGE', async () => {
      const response = await fetch(`${ours.url}/trpc/probe.create?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'trpc-accept': 'application/jsonl' },
        body: new Blob([big]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBeLessThan(500);
      const text = await response.text();
      expect(text).toContain('PAYLOAD_TOO_LARGE');
      expect(text).not.toContain('xxxx');
    });

    it('httpBatchStreamLink: an oversize mutation fails with PAYLOAD_TOO_LARGE, small ones still work', async () => {
      const client = createTRPCClient<ProbeRouter>({ links: [httpBatchStreamLink({ url: `${ours.url}/trpc` })] });
      expect(await client.probe.create.mutate({ first_name: 'Di' })).toEqual({ first_name: 'Di', workspace_path: null });
      const error = await client.probe.create.mutate({ first_name: 'x'.repeat(5000) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<ProbeRouter>).data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    });
  });

  it('refuses batches that are too large', async () => {
    const paths = Array.from({ length: 51 }, () => 'probe.special').join(',');
    const response = await fetch(`${ours.url}/trpc/${paths}?batch=1&input={}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { data: { appCode: string } } };
    expect(body.error.data.appCode).toBe('VALIDATION_ERROR');
  });
});
