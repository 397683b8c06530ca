// Sign-in with other providers, end to end over HTTP against real peers: an OpenID Connect
// provider (oidc-provider, in this process) and a fake of GitHub's OAuth endpoints and REST API.
// The test plays the browser: it starts a flow, signs in at the provider, and hands the callback
// URL back. Refused: a wrong state or flow secret, a replayed callback or code, a PKCE verifier
// or nonce that does not match, and an unverified email trying to sign up or link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { startOidcPeer, type OidcPeer } from '../support/oidc-peer';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github';
import { registerUser, TEST_PASSWORD, type RegisteredUser } from '../support/rest-client';
import { testServer, type TestServer } from '../support/test-server';

const PUBLIC_URL = 'http://ide.example.test';
const CALLBACK = `${PUBLIC_URL}/sign-in/callback`;

describe('sign-in with other providers', () => {
  let oidc: OidcPeer;
  let github: FakeGitHub;
  let server: TestServer;
  let bob: RegisteredUser;

  beforeAll(async () => {
    [oidc, github] = await Promise.all([
      startOidcPeer({
        redirectUris: [CALLBACK],
        accounts: {
          alice: { sub: 'alice-sub', email: 'alice@example.com', email_verified: true, name: 'Alice Liddell' },
          bob: { sub: 'bob-sub', email: 'bob@example.com', email_verified: true, name: 'Bob' },
          eve: { sub: 'eve-sub', email: 'eve@example.com', email_verified: false },
          mallory: { sub: 'mallory-sub', email: 'bob@example.com', email_verified: false },
          dave: { sub: 'dave-sub', email: 'dave@example.com', email_verified: true, name: 'Dave' },
        },
      }),
      startFakeGitHub({
        users: [
          { id: 4242, login: 'octo', name: 'Octo Cat', emails: [{ email: 'octo@example.com', primary: true, verified: true }] },
          { id: 999, login: 'bobcat', name: 'Bob', emails: [{ email: 'bob.work@example.com', primary: true, verified: true }] },
          { id: 777, login: 'noverify', name: null, emails: [{ email: 'nv@example.com', primary: true, verified: false }] },
        ],
      }),
    ]);
    server = await testServer({
      env: {
        PUBLIC_URL,
        OAUTH_GITHUB_CLIENT_ID: github.clientId,
        OAUTH_GITHUB_CLIENT_SECRET: github.clientSecret,
        OAUTH_GITHUB_URL: github.baseUrl,
        OAUTH_GITHUB_API_URL: github.apiUrl,
        OIDC_PROVIDERS: JSON.stringify([
          { id: 'acme', name: 'Acme SSO', issuer: oidc.issuer, client_id: oidc.clientId, client_secret: oidc.clientSecret },
        ]),
      },
    });
    server.secrets.add('the OIDC client secret', oidc.clientSecret);
    server.secrets.add('the GitHub client secret', github.clientSecret);
    bob = await registerUser(server.api, { email: 'bob@example.com' });
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([oidc?.close(), github?.close()]);
  });

  const start = async (provider: string) => {
    const started = await server.api.post('/auth/oauth/start', { provider });
    expect(started.status).toBe(200);
    return started.body.data as { authorization_url: string; flow: string };
  };
  const peerOf = (provider: string) => (provider === 'github' ? github : oidc);
  const finish = (callbackUrl: URL | string, flow: string) =>
    server.api.post('/auth/oauth/callback', { callback_url: callbackUrl.toString(), flow });
  const signInWith = async (provider: string, login: string) => {
    const { authorization_url, flow } = await start(provider);
    return finish(await peerOf(provider).authorize(authorization_url, login), flow);
  };

  it('lists the providers for the sign-in page', async () => {
    expect((await server.api.get('/auth/options')).body.data.providers).toEqual([
      { id: 'github', name: 'GitHub' },
      { id: 'acme', name: 'Acme SSO' },
    ]);
    const { authorization_url } = await start('acme');
    const url = new URL(authorization_url);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const field of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(field)).toMatch(/^[\w-]{40,}$/);
  });

  it('a new verified identity gets an account, and signs in to it again', async () => {
    const first = await signInWith('acme', 'alice');
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      status: 'signed_in',
      user: { email: 'alice@example.com', full_name: 'Alice Liddell' },
    });
    const token = first.body.data.tokens.access_token as string;
    expect((await server.api.get('/users/me', token)).body.data).toMatchObject({
      provider: 'acme',
      email_verified: true,
      first_name: 'Alice',
      last_name: 'Liddell',
    });
    const again = await signInWith('acme', 'alice');
    expect(again.body.data.user.user_id).toBe(first.body.data.user.user_id);
    // No password: the password sign-in answers like a wrong one.
    expect((await server.api.post('/auth/login', { email: 'alice@example.com', password: 'anything at all' })).status).toBe(401);
    // Another user cannot unlink it (they have no such link); Alice's stays.
    expect((await server.api.delete('/auth/identities/acme', bob.accessToken)).status).toBe(404);
    // Two-factor needs a password first.
    const twoFactor = await server.api.post('/auth/two-factor/setup', { password: 'anything at all' }, token);
    expect(twoFactor.status).toBe(409);
    expect(twoFactor.body.error.message).toMatch(/no password yet/);
    // Its only way in cannot be unlinked.
    const unlink = await server.api.delete('/auth/identities/acme', token);
    expect(unlink.status).toBe(409);
    expect((await server.api.get('/auth/identities', token)).body.data).toMatchObject({
      has_password: false,
      identities: [{ provider: 'acme', provider_name: 'Acme SSO', email: 'alice@example.com' }],
    });
  });

  it('signs in with GitHub: its verified primary email, PKCE sent', async () => {
    const answer = await signInWith('github', 'octo');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ status: 'signed_in', user: { email: 'octo@example.com', full_name: 'Octo Cat' } });
    const request = github.tokenRequests.at(-1)!;
    expect(request.code_verifier).toMatch(/^[\w-]{43,}$/);
    const unverified = await signInWith('github', 'noverify');
    expect(unverified.status).toBe(403);
    expect(unverified.body.error.code).toBe('EMAIL_NOT_VERIFIED');
  });

  it('links to an existing account only once its password is proved', async () => {
    const answer = await signInWith('acme', 'bob');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ status: 'link_required', email: 'bob@example.com', provider: 'acme' });
    const linkToken = answer.body.data.link_token as string;
    const wrong = await server.api.post('/auth/oauth/link', { link_token: linkToken, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const linked = await server.api.post('/auth/oauth/link', { link_token: linkToken, password: TEST_PASSWORD });
    expect(linked.status).toBe(200);
    expect(linked.body.data).toMatchObject({ status: 'signed_in', user: { user_id: bob.userId } });
    expect((await server.api.post('/auth/oauth/link', { link_token: linkToken, password: TEST_PASSWORD })).body.error.code).toBe(
      'INVALID_TOKEN',
    );
    // Linked: the provider alone signs in now; unlinking leaves the password.
    const next = await signInWith('acme', 'bob');
    expect(next.body.data).toMatchObject({ status: 'signed_in', user: { user_id: bob.userId } });
    const unlink = await server.api.delete('/auth/identities/acme', bob.accessToken);
    expect(unlink.status).toBe(200);
    expect((await server.api.delete('/auth/identities/acme', bob.accessToken)).status).toBe(404);
  });

  it('links a provider to the signed-in account whatever its email, never one that signs in elsewhere', async () => {
    const link = async (login: string) => {
      const started = await server.api.post('/auth/identities/link', { provider: 'github' }, bob.accessToken);
      expect(started.status).toBe(200);
      return finish(await github.authorize(started.body.data.authorization_url, login), started.body.data.flow);
    };
    // octo@example.com signed up through GitHub (an earlier test): that GitHub account is someone else's here.
    const taken = await link('octo');
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CONFLICT');

    const linked = await link('bobcat');
    expect(linked.status).toBe(200);
    expect(linked.body.data).toEqual({ status: 'linked', provider: 'github', provider_name: 'GitHub' });
    expect((await signInWith('github', 'bobcat')).body.data).toMatchObject({
      status: 'signed_in',
      user: { user_id: bob.userId },
    });
    const listed = (await server.api.get('/auth/identities', bob.accessToken)).body.data;
    expect(listed.has_password).toBe(true);
    expect(listed.identities.map((identity: { provider: string }) => identity.provider)).toContain('github');
    // A second GitHub account for the same user: unlink the first.
    expect((await link('octo')).status).toBe(409);
    expect((await server.api.post('/auth/identities/link', { provider: 'github' })).status).toBe(401);
  });

  it('refuses an unverified email: no account, and no link to the account that has it', async () => {
    for (const login of ['eve', 'mallory']) {
      const answer = await signInWith('acme', login);
      expect(answer.status, login).toBe(403);
      expect(answer.body.error.code).toBe('EMAIL_NOT_VERIFIED');
    }
  });

  it('refuses a wrong state, another browser, a replayed callback and a replayed code', async () => {
    const { authorization_url, flow } = await start('acme');
    const callback = await oidc.authorize(authorization_url, 'alice');
    const wrongState = new URL(callback);
    wrongState.searchParams.set('state', 'forged-state');
    expect((await finish(wrongState, flow)).body.error.code).toBe('INVALID_TOKEN');
    // The flow of another browser: the callback alone signs nobody in (login CSRF).
    const other = await start('acme');
    const otherCallback = await oidc.authorize(other.authorization_url, 'alice');
    expect((await finish(otherCallback, flow)).body.error.code).toBe('INVALID_TOKEN');

    const fresh = await start('acme');
    const freshCallback = await oidc.authorize(fresh.authorization_url, 'alice');
    expect((await finish(freshCallback, fresh.flow)).status).toBe(200);
    expect((await finish(freshCallback, fresh.flow)).body.error.code).toBe('INVALID_TOKEN');

    // The used code under a new flow's state: the provider refuses it (and the verifier differs too).
    const replay = await start('acme');
    const replayed = new URL(freshCallback);
    replayed.searchParams.set('state', new URL(replay.authorization_url).searchParams.get('state')!);
    const refused = await finish(replayed, replay.flow);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('OAUTH_FAILED');
  });

  it('refuses a PKCE verifier that does not match, at the OIDC provider and at GitHub', async () => {
    for (const provider of ['acme', 'github']) {
      const { authorization_url, flow } = await start(provider);
      const tampered = new URL(authorization_url);
      tampered.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
      const answer = await finish(
        await peerOf(provider).authorize(tampered.toString(), provider === 'github' ? 'octo' : 'alice'),
        flow,
      );
      expect(answer.status, provider).toBe(400);
      expect(answer.body.error.code).toBe('OAUTH_FAILED');
    }
  });

  it('refuses an ID token whose nonce is not the flow’s', async () => {
    const { authorization_url, flow } = await start('acme');
    const tampered = new URL(authorization_url);
    tampered.searchParams.set('nonce', 'a-nonce-of-someone-else');
    const answer = await finish(await oidc.authorize(tampered.toString(), 'alice'), flow);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('OAUTH_FAILED');
    expect(answer.body.error.message).toMatch(/nonce/i);
  });

  it('asks for the second factor after the provider when two-factor is on', async () => {
    const dave = await registerUser(server.api, { email: 'dave@example.com' });
    const setup = await server.api.post('/auth/two-factor/setup', { password: TEST_PASSWORD }, dave.accessToken);
    const seed = setup.body.data.secret as string;
    server.secrets.add('a two-factor seed', seed);
    const code = (steps = 0) =>
      new TOTP({ secret: Secret.fromBase32(seed), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
    const enabled = await server.api.post('/auth/two-factor/enable', { code: code() }, dave.accessToken);
    expect(enabled.status).toBe(200);

    // Linking proves the password; the second factor is still asked.
    const asked = await signInWith('acme', 'dave');
    expect(asked.body.data.status).toBe('link_required');
    const linked = await server.api.post('/auth/oauth/link', { link_token: asked.body.data.link_token, password: TEST_PASSWORD });
    expect(linked.body.data.status).toBe('two_factor_required');
    const verified = await server.api.post('/auth/two-factor/verify', { challenge: linked.body.data.challenge, code: code(1) });
    expect(verified.status).toBe(200);
    expect(verified.body.data.user.user_id).toBe(dave.userId);

    // Linked now: the provider, then the second factor (a recovery code this time).
    const again = await signInWith('acme', 'dave');
    expect(again.body.data.status).toBe('two_factor_required');
    const recovery = enabled.body.data.recovery_codes[0] as string;
    expect(
      (await server.api.post('/auth/two-factor/verify', { challenge: again.body.data.challenge, code: recovery })).status,
    ).toBe(200);
  });

  it('refuses malformed requests with 400 and unknown providers with 404', async () => {
    expect((await server.api.post('/auth/oauth/start', { provider: 'nope' })).status).toBe(404);
    expect((await server.api.post('/auth/oauth/start', { provider: 'Not An Id!' })).status).toBe(400);
    expect((await server.api.post('/auth/oauth/start', {})).status).toBe(400);
    expect((await finish('not a url', 'x')).status).toBe(400);
    const elsewhere = await finish('https://evil.example.com/sign-in/callback?code=a&state=b', 'x');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('VALIDATION_ERROR');
    expect((await server.api.post('/auth/oauth/link', { link_token: 'nope', password: 'x' })).body.error.code).toBe(
      'INVALID_TOKEN',
    );
    const refusedAtProvider = await finish(`${CALLBACK}?error=access_denied&state=whatever`, 'x');
    expect(refusedAtProvider.body.error.code).toBe('INVALID_TOKEN');
  });
});
