// The built web app from the API's port: content types, caching, SPA fallback, precompressed
// files, and that neither the API nor anything outside the app directory can be reached through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { HTML_CONTENT_SECURITY_POLICY } from '../src/http/security-headers';
import { getJson, testServer, type TestServer } from './support/test-server';

const INDEX_HTML = '<!doctype html><title>Coditect</title><div id="root"></div>';
const APP_JS = 'console.log("app");'.repeat(50);

/** Raw HTTP, so paths like /../x reach the server unnormalised (fetch would resolve them). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('serving the web app', () => {
  let root: string;
  let server: TestServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'coditect-web-'));
    const webDir = join(root, 'dist');
    await mkdir(join(webDir, 'assets'), { recursive: true });
    await writeFile(join(webDir, 'index.html'), INDEX_HTML);
    await writeFile(join(webDir, 'assets', 'index-Ab12Cd34.js'), APP_JS);
    await writeFile(join(webDir, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync(APP_JS));
    await writeFile(join(webDir, 'assets', 'index-Ef56Gh78.css'), 'body{color:red}');
    await writeFile(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(webDir, '.env'), 'SECRET=1');
    await writeFile(join(root, 'outside.txt'), 'not part of the app');
    server = await testServer({ env: { WEB_DIR: webDir } });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html at / and revalidates it on every visit', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(INDEX_HTML);
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    // A 304's headers replace the cached page's: it must carry the page's policy too.
    for (const path of ['/', '/profile']) {
      const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag! } });
      expect(again.status, path).toBe(304);
      expect(again.headers.get('content-security-policy'), path).toBe(HTML_CONTENT_SECURITY_POLICY);
      expect(again.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year with their content type', async () => {
    const js = await rawGet(server.port, '/assets/index-Ab12Cd34.js');
    expect(js.status).toBe(200);
    // Not a page: the base policy of every non-HTML response.
    expect(js.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(js.headers['content-type']).toBe('text/javascript');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body.toString()).toBe(APP_JS);
    const css = await rawGet(server.port, '/assets/index-Ef56Gh78.css');
    expect(css.headers['content-type']).toBe('text/css');
    const svg = await rawGet(server.port, '/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('sends the precompressed file to clients that accept brotli', async () => {
    const br = await rawGet(server.port, '/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(APP_JS.length);
    const plain = await rawGet(server.port, '/assets/index-Ab12Cd34.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers client routes with index.html so a reload keeps the page', async () => {
    for (const path of ['/profile', '/settings', '/sessions/3f1c2d9e-0000-4000-8000-000000000000']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toBe(HTML_CONTENT_SECURITY_POLICY);
      expect(await response.text()).toBe(INDEX_HTML);
    }
  });

  it('answers a missing asset with 404 JSON, not the page', async () => {
    for (const path of ['/assets/index-missing.js', '/assets/no-extension', '/missing.png']) {
      const { status, body } = await getJson(`${server.url}${path}`);
      expect(status, path).toBe(404);
      expect(body.error.code).toBe('NOT_FOUND');
    }
  });

  it('never shadows the API: unknown API paths stay JSON 404s', async () => {
    const rest = await getJson(`${server.url}/api/v5/nope`);
    expect(rest.status).toBe(404);
    expect(rest.body.error.message).toBe('No route for GET /api/v5/nope');
    for (const path of ['/api', '/api/v6/anything', '/trpc', '/trpc/']) {
      const response = await getJson(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
    }
    const health = await getJson(`${server.url}/api/v5/health`);
    expect(health.body.success).toBe(true);
    const trpcHealth = await getJson(`${server.url}/trpc/health.check`);
    expect(trpcHealth.body.result.data.status).toBe('ok');
  });

  it('serves only GET and HEAD', async () => {
    const head = await fetch(`${server.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html;charset=utf-8');
    const post = await getJson(`${server.url}/profile`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);
  });

  it('cannot be walked outside its directory or into dotfiles', async () => {
    const attempts = [
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/..%2foutside.txt',
      '/..%5coutside.txt',
      '/.env',
      '/%2eenv',
      '/assets/..%2f..%2f..%2fpackage.json',
    ];
    for (const path of attempts) {
      const response = await rawGet(server.port, path);
      expect(response.body.toString(), path).not.toContain('not part of the app');
      expect(response.body.toString(), path).not.toContain('SECRET');
      // Extension-less or not, it is either the app's own page or a 404; never another file.
      expect([200, 404], path).toContain(response.status);
      if (response.status === 200) expect(response.body.toString(), path).toBe(INDEX_HTML);
    }
  });

  it('ignores Range headers instead of trusting them', async () => {
    for (const range of ['bytes=10-5', 'bytes=-5', 'bytes=999999-', 'bytes=abc']) {
      const response = await rawGet(server.port, '/assets/index-Ab12Cd34.js', { range });
      expect(response.status, range).toBe(200);
      expect(response.body.toString(), range).toBe(APP_JS);
    }
  });
});

describe('without a built web app', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the API only; other paths are JSON 404s', async () => {
    expect(server.app.servesWebApp).toBe(false);
    const { status, body } = await getJson(`${server.url}/profile`);
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});
