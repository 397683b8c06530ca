// A real OpenID Connect provider in the test process (oidc-provider, a certified implementation)
// with one confidential client. It signs people in through its own development pages: a login
// form (fields `login` and `password`, any password) and a consent form — which a browser can use,
// and `authorize()` drives over HTTP for server tests. ID tokens carry the email claims.
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

  const accounts = new Map(Object.entries(options.accounts).map(([login, account]) => [login, account]));
  const bySub = new Map([...accounts.values()].map((account) => [account.sub, account]));
  const provider = new Provider(issuer, {
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
    features: { devInteractions: { enabled: true } },
    // The development pages sign in whatever `login` says: map it to the account's subject.
    async findAccount(_ctx, id) {
      const account = accounts.get(id) ?? bySub.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: account.sub,
          email: account.email,
          email_verified: account.email_verified,
          ...(account.name ? { name: account.name } : {}),
        }),
      };
    },
  });
  // Development pages and generated keys are the point here: keep their warnings out of the output.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error));
  const callback = provider.callback();
  handler = (request, response) => void callback(request, response);

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
