// A fake of GitHub's OAuth web flow and the two REST endpoints a sign-in reads, speaking GitHub's
// wire format: /login/oauth/authorize (a small page where a user "signs in", or `authorize()` in
// code), /login/oauth/access_token (PKCE checked, codes single-use, errors as GitHub sends them:
// 200 with an `error` field; JSON when asked for with `Accept: application/json`, a form otherwise,
// as GitHub does), and /api/user, /api/user/emails with the bearer token.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
}

export interface FakeGitHub {
  baseUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Signs `login` in at the authorization URL; the URL GitHub redirects back to (not fetched). */
  authorize(authorizationUrl: string, login: string): Promise<URL>;
  /** Every token request received, as its form fields. */
  tokenRequests: Array<Record<string, string>>;
  close(): Promise<void>;
}

interface Grant {
  user: GitHubUser;
  redirectUri: string;
  challenge: string | null;
  expiresAt: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

async function readBody(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    try {
      return Object.fromEntries(
        Object.entries(JSON.parse(text) as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
      );
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** A token endpoint answer (always 200, errors included), in the format the request accepts. */
function sendTokenAnswer(request: IncomingMessage, response: ServerResponse, body: Record<string, string>): void {
  if ((request.headers.accept ?? '').includes('json')) return sendJson(response, 200, body);
  response.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  response.end(new URLSearchParams(body).toString());
}

/** A fault in the fake itself: a 500 and the error on stderr rather than a crashed test process. */
function failed(response: ServerResponse, error: unknown): void {
  console.error('fake GitHub:', error);
  if (!response.headersSent) sendJson(response, 500, { message: 'Server Error' });
  else response.end();
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const pair = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon < 0) return undefined;
  // Form-encoded before Basic (RFC 6749 2.3.1).
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text;
    }
  };
  return { id: decode(pair.slice(0, colon)), secret: decode(pair.slice(colon + 1)) };
}

export async function startFakeGitHub(options: {
  users: GitHubUser[];
  clientId?: string;
  clientSecret?: string;
}): Promise<FakeGitHub> {
  const clientId = options.clientId ?? 'Iv1.fakegithubclient';
  const clientSecret = options.clientSecret ?? randomBytes(20).toString('hex');
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, GitHubUser>();
  const tokenRequests: Array<Record<string, string>> = [];
  const byLogin = (login: string) => options.users.find((user) => user.login === login);

  /** The redirect back for `login` at an authorize URL's query, or an error page's text. */
  function grantFor(query: URLSearchParams, login: string): URL | string {
    if (query.get('client_id') !== clientId) return 'The client_id is not a registered OAuth app';
    const redirectUri = query.get('redirect_uri');
    if (!redirectUri || !URL.canParse(redirectUri)) return 'redirect_uri is required and must be a URL';
    const challenge = query.get('code_challenge');
    // GitHub supports S256 only.
    if (challenge !== null && query.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be S256';
    const user = byLogin(login);
    if (!user) return `No user ${login}`;
    const code = randomBytes(10).toString('hex');
    grants.set(code, { user, redirectUri, challenge, expiresAt: Date.now() + 600_000 });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    return back;
  }

  async function exchange(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const basic = basicCredentials(request.headers.authorization);
    tokenRequests.push({ ...body, ...(basic ? { client_id: basic.id } : {}) });
    const error = (code: string, description: string) =>
      sendTokenAnswer(request, response, {
        error: code,
        error_description: description,
        error_uri: `https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#${code.replace(/_/g, '-')}`,
      });
    const id = basic?.id ?? body.client_id;
    const secret = basic?.secret ?? body.client_secret;
    if (id !== clientId || secret !== clientSecret)
      return error('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
    const grant = grants.get(body.code ?? '');
    grants.delete(body.code ?? '');
    if (!grant || grant.expiresAt < Date.now()) return error('bad_verification_code', 'The code passed is incorrect or expired.');
    if (body.redirect_uri !== undefined && body.redirect_uri !== grant.redirectUri) {
      return error('redirect_uri_mismatch', 'The redirect_uri MUST match the registered callback URL for this application.');
    }
    if (grant.challenge !== null) {
      const verifier = body.code_verifier ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== grant.challenge) return error('bad_verification_code', 'The code passed is incorrect or expired.');
    }
    const token = `gho_${randomBytes(18).toString('base64url')}`;
    tokens.set(token, grant.user);
    sendTokenAnswer(request, response, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }

  function api(path: string, request: IncomingMessage, response: ServerResponse): void {
    const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const user = match ? tokens.get(match[1]!) : undefined;
    if (!user) return sendJson(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (path === '/api/user') {
      const primary = user.emails.find((email) => email.primary);
      return sendJson(response, 200, {
        login: user.login,
        id: user.id,
        name: user.name,
        email: primary?.email ?? null,
        avatar_url: `https://avatars.example.com/u/${user.id}`,
      });
    }
    sendJson(
      response,
      200,
      user.emails.map((email) => ({ ...email, visibility: email.primary ? 'private' : null })),
    );
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    if (!URL.canParse(request.url ?? '/', 'http://github.test')) {
      return sendJson(response, 400, { message: 'Bad Request', documentation_url: 'https://docs.github.com/rest' });
    }
    const url = new URL(request.url ?? '/', 'http://github.test');
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /login/oauth/authorize') {
      const login = url.searchParams.get('login');
      if (login === null) {
        // The page a browser sees: who signs in (the test's stand-in for GitHub's login and consent).
        const hidden = [...url.searchParams]
          .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
          .join('');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(
          `<!doctype html><title>Sign in to GitHub</title><form method="get" action="/login/oauth/authorize">${hidden}` +
            '<label>Username <input name="login"></label><button type="submit">Authorize</button></form>',
        );
        return;
      }
      const back = grantFor(url.searchParams, login);
      if (typeof back === 'string') {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end(back);
        return;
      }
      response.writeHead(302, { location: back.toString() });
      response.end();
      return;
    }
    if (route === 'POST /login/oauth/access_token') {
      exchange(request, response).catch((error: unknown) => failed(response, error));
      return;
    }
    if (request.method === 'GET' && (url.pathname === '/api/user' || url.pathname === '/api/user/emails')) {
      api(url.pathname, request, response);
      return;
    }
    sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      failed(response, error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    apiUrl: `${baseUrl}/api`,
    clientId,
    clientSecret,
    tokenRequests,
    async authorize(authorizationUrl, login) {
      const back = grantFor(new URL(authorizationUrl).searchParams, login);
      if (typeof back === 'string') throw new Error(back);
      return back;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
