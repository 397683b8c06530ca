// The sign-in test peers themselves, against a real client: the OpenID Connect provider
// (oidc-provider) through openid-client — discovery, code flow with PKCE, state and nonce, an ID
// token carrying the email claims — and the fake of GitHub over plain fetch, its wire format, and
// what it refuses: a wrong PKCE verifier, a code used twice, a wrong secret, a bad token, bad input.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startOidcPeer, type OidcPeer } from '../support/oidc-peer';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github';

const CALLBACK = 'http://ide.example.test/sign-in/callback';

describe('the OpenID Connect peer', () => {
  let peer: OidcPeer;
  let config: client.Configuration;

  beforeAll(async () => {
    peer = await startOidcPeer({
      redirectUris: [CALLBACK],
      accounts: { alice: { sub: 'alice-sub', email: 'alice@example.com', email_verified: true, name: 'Alice Liddell' } },
    });
    // The issuer is http on loopback: openid-client refuses that unless told otherwise.
    config = await client.discovery(new URL(peer.issuer), peer.clientId, undefined, client.ClientSecretBasic(peer.clientSecret), {
      execute: [client.allowInsecureRequests],
    });
  });
  afterAll(() => peer?.close());

  async function startFlow() {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, verifier, state, nonce };
  }

  it('publishes its configuration at the discovery address', async () => {
    const response = await fetch(`${peer.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ issuer: peer.issuer, code_challenge_methods_supported: ['S256'] });
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'email', 'email_verified', 'name']));
  });

  it('shows its own login page with the fields a browser fills', async () => {
    const { url } = await startFlow();
    const toInteraction = await fetch(url, { redirect: 'manual' });
    expect(toInteraction.status).toBe(303);
    const page = await fetch(new URL(toInteraction.headers.get('location')!, peer.issuer), {
      headers: {
        cookie: toInteraction.headers
          .getSetCookie()
          .map((line) => line.split(';')[0])
          .join('; '),
      },
    });
    const html = await page.text();
    expect(html).toContain('name="login"');
    expect(html).toContain('name="password"');
  });

  it('signs alice in: a code for the client, and an ID token with her email claims', async () => {
    const { url, verifier, state, nonce } = await startFlow();
    const back = await peer.authorize(url.href, 'alice');
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('iss')).toBe(peer.issuer);
    expect(back.searchParams.get('code')).toBeTruthy();

    const tokens = await client.authorizationCodeGrant(config, back, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({
      iss: peer.issuer,
      aud: peer.clientId,
      nonce,
      sub: 'alice-sub',
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Liddell',
    });
  });

  it('signs in only the accounts it was given', async () => {
    const { url } = await startFlow();
    await expect(peer.authorize(url.href, 'nobody')).rejects.toThrow(/no account "nobody"/);
  });

  it('refuses the code with another PKCE verifier', async () => {
    const { url, state, nonce } = await startFlow();
    const back = await peer.authorize(url.href, 'alice');
    await expect(
      client.authorizationCodeGrant(config, back, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: state,
        expectedNonce: nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the fake GitHub', () => {
  let github: FakeGitHub;

  beforeAll(async () => {
    github = await startFakeGitHub({
      users: [
        {
          id: 4242,
          login: 'octo',
          name: 'Octo Cat',
          emails: [
            { email: 'octo@example.com', primary: true, verified: true },
            { email: 'octo@old.example.com', primary: false, verified: false },
          ],
        },
      ],
    });
  });
  afterAll(() => github?.close());

  function startFlow() {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const url = new URL('/login/oauth/authorize', github.baseUrl);
    url.search = new URLSearchParams({
      client_id: github.clientId,
      redirect_uri: CALLBACK,
      scope: 'read:user user:email',
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { url, verifier, state };
  }

  async function exchange(code: string, verifier: string, fields: Record<string, string> = {}) {
    const response = await fetch(`${github.baseUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: github.clientId,
        client_secret: github.clientSecret,
        code,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
        ...fields,
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, string>;
  }

  async function signIn() {
    const { url, verifier, state } = startFlow();
    const back = await github.authorize(url.href, 'octo');
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe(state);
    return { code: back.searchParams.get('code')!, verifier };
  }

  const api = (path: string, authorization: string) => fetch(`${github.apiUrl}${path}`, { headers: { authorization } });

  it('signs octo in: a token for the code and verifier, then the user and their emails', async () => {
    const { code, verifier } = await signIn();
    const token = await exchange(code, verifier);
    expect(token).toEqual({ access_token: expect.stringMatching(/^gho_/), token_type: 'bearer', scope: 'read:user,user:email' });
    expect(github.tokenRequests.at(-1)).toMatchObject({ code, code_verifier: verifier, client_id: github.clientId });

    const user = await api('/user', `Bearer ${token.access_token}`);
    expect(user.status).toBe(200);
    expect(await user.json()).toEqual({
      login: 'octo',
      id: 4242,
      name: 'Octo Cat',
      email: 'octo@example.com',
      avatar_url: expect.any(String),
    });
    const emails = await api('/user/emails', `token ${token.access_token}`);
    expect(await emails.json()).toEqual([
      { email: 'octo@example.com', primary: true, verified: true, visibility: 'private' },
      { email: 'octo@old.example.com', primary: false, verified: false, visibility: null },
    ]);
  });

  it('refuses another PKCE verifier, as GitHub does: 200 with bad_verification_code', async () => {
    const { code } = await signIn();
    expect(await exchange(code, randomBytes(32).toString('base64url'))).toMatchObject({
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri: expect.stringContaining('https://docs.github.com/'),
    });
  });

  it('takes a code once', async () => {
    const { code, verifier } = await signIn();
    expect(await exchange(code, verifier)).toHaveProperty('access_token');
    expect(await exchange(code, verifier)).toMatchObject({ error: 'bad_verification_code' });
  });

  it('refuses a wrong client secret', async () => {
    const { code, verifier } = await signIn();
    expect(await exchange(code, verifier, { client_secret: 'not the secret' })).toMatchObject({
      error: 'incorrect_client_credentials',
    });
  });

  it('answers a form when JSON is not asked for, as GitHub does', async () => {
    const { code, verifier } = await signIn();
    const response = await fetch(`${github.baseUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${github.clientId}:${github.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ code, redirect_uri: CALLBACK, code_verifier: verifier }),
    });
    expect(response.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const answer = new URLSearchParams(await response.text());
    expect(answer.get('access_token')).toMatch(/^gho_/);
    expect(answer.get('token_type')).toBe('bearer');
  });

  it('answers 401 Bad credentials for a token it did not issue', async () => {
    for (const authorization of ['Bearer gho_made_up', '']) {
      const response = await api('/user', authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
  });

  it('shows a sign-in page whose form sends the browser back with a code', async () => {
    const { url, state } = startFlow();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="login"');

    url.searchParams.set('login', 'octo');
    const submitted = await fetch(url, { redirect: 'manual' });
    expect(submitted.status).toBe(302);
    const back = new URL(submitted.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('answers bad input with errors, not a crash', async () => {
    const { url } = startFlow();
    url.searchParams.set('redirect_uri', 'not a url');
    url.searchParams.set('login', 'octo');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
    await expect(github.authorize(url.href, 'octo')).rejects.toThrow(/redirect_uri/);

    const garbage = await fetch(`${github.baseUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(await garbage.json()).toMatchObject({ error: 'incorrect_client_credentials' });
    const badBasic = await fetch(`${github.baseUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}` },
    });
    expect(await badBasic.json()).toMatchObject({ error: 'incorrect_client_credentials' });
    expect((await fetch(`${github.baseUrl}/nowhere`)).status).toBe(404);
  });
});
