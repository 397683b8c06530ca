// The sign-in providers the configuration names: Google (OpenID Connect by discovery), GitHub
// (OAuth2 and its REST API), and any other OpenID Connect issuer in OIDC_PROVIDERS.
import { githubSignIn, oidcSignIn, SignInProviders, type SignInProvider } from '@coditect/api';
import type { Config } from './config';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export function configuredSignInProviders(
  config: Pick<
    Config,
    | 'OAUTH_GOOGLE_CLIENT_ID'
    | 'OAUTH_GOOGLE_CLIENT_SECRET'
    | 'OAUTH_GITHUB_CLIENT_ID'
    | 'OAUTH_GITHUB_CLIENT_SECRET'
    | 'OAUTH_GITHUB_URL'
    | 'OAUTH_GITHUB_API_URL'
    | 'OIDC_PROVIDERS'
  >,
): SignInProviders {
  const providers: SignInProvider[] = [];
  if (config.OAUTH_GOOGLE_CLIENT_ID && config.OAUTH_GOOGLE_CLIENT_SECRET) {
    providers.push(
      oidcSignIn({
        id: 'google',
        name: 'Google',
        issuer: GOOGLE_ISSUER,
        clientId: config.OAUTH_GOOGLE_CLIENT_ID,
        clientSecret: config.OAUTH_GOOGLE_CLIENT_SECRET,
      }),
    );
  }
  if (config.OAUTH_GITHUB_CLIENT_ID && config.OAUTH_GITHUB_CLIENT_SECRET) {
    providers.push(
      githubSignIn({
        clientId: config.OAUTH_GITHUB_CLIENT_ID,
        clientSecret: config.OAUTH_GITHUB_CLIENT_SECRET,
        baseUrl: config.OAUTH_GITHUB_URL,
        apiUrl: config.OAUTH_GITHUB_API_URL,
      }),
    );
  }
  for (const provider of config.OIDC_PROVIDERS) {
    providers.push(
      oidcSignIn({
        id: provider.id,
        name: provider.name,
        issuer: provider.issuer,
        clientId: provider.client_id,
        clientSecret: provider.client_secret,
        scopes: provider.scopes,
      }),
    );
  }
  return new SignInProviders(providers);
}
