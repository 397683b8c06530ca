// A real OpenID Connect provider in the test process (oidc-provider, a certified implementation)
// with one confidential client (client_secret_basic, code flow, PKCE S256 required). It signs
// people in through its own development pages, which a browser can use and `authorize()` drives
// over HTTP for server tests. Both post to /interaction/<uid>:
//   login    hidden `prompt=login`, text input `login` (a key of `accounts`), `password` (any),
//            button "Sign-in"
//   consent  hidden `prompt=consent`, button "Continue"
// The one thing the peer does itself is take the login form's post: the development pages would
// make whatever was typed the subject, and here `login` names an account whose `sub` it is.
// ID tokens carry the email claims. The issuer is plain http on loopback, which oidc-provider
// accepts as is (its cookies are then not `Secure`); clients must allow insecure requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

export interface OidcAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface OidcPeer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Signs `login` in at the provider's own pages, from `authorizationUrl`; the redirect back (not fetched). */
  authorize(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

interface HtmlForm {
  action: string;
  fields: Record<string, string>;
}

// Warnings oidc-provider prints when built with what this peer wants: development pages, an
// in-memory store and generated keys. Anything else it prints still shows.
const DEV_ONLY_WARNING =
  /oidc-provider WARNING: (a quick start development-only (in-memory adapter|feature devInteractions)|quick start development-only signing keys)/;

/** Runs `make` (synchronous) with the development-only warnings left out of the output. */
function withoutDevWarnings<T>(make: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] !== 'string' || !DEV_ONLY_WARNING.test(args[0])) warn(...args);
  };
  try {
    return make();
  } finally {
    console.warn = warn;
  }
}

/** The first form of a development page: its action and its named inputs (values as rendered). */
function formOf(html: string, base: string): HtmlForm {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input([^>]*)>/gi)) {
    const name = /name="([^"]*)"/i.exec(input[1]!)?.[1];
    if (name) fields[name] = /value="([^"]*)"/i.exec(input[1]!)?.[1] ?? '';
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).toString(), fields };
}

export async function startOidcPeer(options: {
  accounts: Record<string, OidcAccount>;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<OidcPeer> {
  const clientId = options.clientId ?? 'coditect-test-client';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_, response) => response.end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const accounts = new Map(Object.entries(options.accounts));
  const bySub = new Map([...accounts.values()].map((account) => [account.sub, account]));
  const provider = withoutDevWarnings(
    () =>
      new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: options.redirectUris,
            response_types: ['code'],
            grant_types: ['authorization_code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        // The email claims in the ID token itself (not only at the userinfo endpoint).
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        cookies: { keys: [randomBytes(32).toString('base64url')] },
        // Fixed lifetimes (seconds), which also keeps the notices about the default ones quiet.
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
        features: { devInteractions: { enabled: true } },
        async findAccount(_ctx, sub) {
          const account = bySub.get(sub);
          if (!account) return undefined;
          return {
            accountId: account.sub,
            claims: () => ({
              sub: account.sub,
              email: account.email,
              email_verified: account.email_verified,
              ...(account.name ? { name: account.name } : {}),
            }),
          };
        },
      }),
  );
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error));
  const callback = provider.callback();

  /** The login form's post: the account named by `login` signs in as its `sub`. */
  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(request, response).catch(() => undefined);
    // The consent form, or no interaction at all: the provider's own handling (and error pages).
    if (details?.prompt.name !== 'login') return callback(request, response);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const login = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('login') ?? '';
    const account = accounts.get(login);
    if (!account) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`no account "${login}" at this provider`);
      return;
    }
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: account.sub } },
      { mergeWithLastSubmission: false },
    );
  }

  handler = (request, response) => {
    if (request.method === 'POST' && /^\/interaction\/[^/?]+$/.test(request.url ?? '')) {
      signIn(request, response).catch((error: unknown) => {
        console.error('oidc peer:', error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    void callback(request, response);
  };

  return {
    issuer,
    clientId,
    clientSecret,
    async authorize(authorizationUrl, login) {
      const cookies = new Map<string, string>();
      const remember = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
      };
      const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      let next: { url: string; init?: RequestInit } = { url: authorizationUrl };
      for (let hop = 0; hop < 20; hop += 1) {
        const response = await fetch(next.url, {
          ...next.init,
          redirect: 'manual',
          headers: { ...(next.init?.headers as Record<string, string> | undefined), cookie: cookieHeader() },
        });
        remember(response);
        const location = response.headers.get('location');
        if (location) {
          const target = new URL(location, next.url);
          if (options.redirectUris.some((uri) => target.toString().startsWith(uri))) return target;
          next = { url: target.toString() };
          continue;
        }
        const html = await response.text();
        if (!response.ok) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 300)}`);
        const form = formOf(html, next.url);
        if ('login' in form.fields) Object.assign(form.fields, { login, password: 'any password' });
        next = {
          url: form.action,
          init: {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form.fields).toString(),
          },
        };
      }
      throw new Error('the provider never sent the browser back');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
