// Sign-in with GitHub, which speaks OAuth2 (not OpenID Connect): authorization code + PKCE and
// state through openid-client, then the user and their verified emails from GitHub's REST API.
import * as oidc from 'openid-client';
import { z } from 'zod';
import { oauthFailed, type AuthorizationRequest, type ExternalIdentity, type SignInProvider } from './sign-in-provider';

export interface GitHubSettings {
  clientId: string;
  clientSecret: string;
  /** https://github.com (where the authorize and token endpoints live). */
  baseUrl: string;
  /** https://api.github.com */
  apiUrl: string;
}

const ZGitHubUser = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullable().optional() });
const ZGitHubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

export function githubSignIn(settings: GitHubSettings): SignInProvider {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const api = settings.apiUrl.replace(/\/+$/, '');
  const configuration = new oidc.Configuration(
    {
      issuer: base,
      authorization_endpoint: `${base}/login/oauth/authorize`,
      token_endpoint: `${base}/login/oauth/access_token`,
    },
    settings.clientId,
    settings.clientSecret,
  );
  if (base.startsWith('http:')) oidc.allowInsecureRequests(configuration);

  async function read<T>(path: string, token: string, schema: z.ZodType<T>): Promise<T> {
    const response = await fetch(`${api}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'Coditect' },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw oauthFailed('GitHub', `GET ${path} answered ${response.status}`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw oauthFailed('GitHub', `GET ${path} answered something unexpected`);
    return parsed.data;
  }

  return {
    id: 'github',
    name: 'GitHub',
    async authorizationUrl(request: AuthorizationRequest) {
      return oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: request.redirectUri,
        scope: 'read:user user:email',
        state: request.state,
        code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async identify(callbackUrl: URL, request: AuthorizationRequest): Promise<ExternalIdentity> {
      let accessToken: string;
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: request.codeVerifier,
          expectedState: request.state,
        });
        accessToken = tokens.access_token;
      } catch (error) {
        throw oauthFailed('GitHub', (error as Error).message);
      }
      const [user, emails] = await Promise.all([
        read('/user', accessToken, ZGitHubUser),
        read('/user/emails', accessToken, ZGitHubEmails),
      ]);
      const chosen = emails.find((email) => email.primary && email.verified) ?? emails.find((email) => email.verified);
      return {
        subject: String(user.id),
        email: chosen?.email ?? emails.find((email) => email.primary)?.email ?? null,
        emailVerified: chosen !== undefined,
        name: user.name ?? user.login,
      };
    },
  };
}
