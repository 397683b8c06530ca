// Sign-in with an OpenID Connect issuer (Google, or any issuer by discovery) through openid-client:
// authorization code + PKCE (S256), state and nonce, and the ID token's claims.
import * as oidc from 'openid-client';
import { oauthFailed, type AuthorizationRequest, type ExternalIdentity, type SignInProvider } from './sign-in-provider';

export interface OidcProviderSettings {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes?: readonly string[];
}

/** openid-client's message, and the check underneath it (e.g. unexpected ID Token "nonce" claim value). */
function describeFailure(error: unknown): string {
  const { message, cause } = error as Error;
  const detail = cause instanceof Error && cause.message !== message ? cause.message : undefined;
  return detail ? `${message} (${detail})` : message;
}

export function oidcSignIn(settings: OidcProviderSettings): SignInProvider {
  // Discovered once, at the first use (a provider down at start-up does not stop the server).
  let configuration: Promise<oidc.Configuration> | undefined;
  const configure = () => {
    configuration ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // An http:// issuer is the operator's explicit choice (a test or an internal network).
        execute: new URL(settings.issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw oauthFailed(settings.name, `its discovery document could not be read (${(error as Error).message})`);
      });
    return configuration;
  };
  const scope = (settings.scopes ?? ['openid', 'email', 'profile']).join(' ');

  return {
    id: settings.id,
    name: settings.name,
    async authorizationUrl(request: AuthorizationRequest) {
      return oidc.buildAuthorizationUrl(await configure(), {
        redirect_uri: request.redirectUri,
        scope,
        state: request.state,
        nonce: request.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async identify(callbackUrl: URL, request: AuthorizationRequest): Promise<ExternalIdentity> {
      let claims: oidc.IDToken | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(await configure(), callbackUrl, {
          pkceCodeVerifier: request.codeVerifier,
          expectedState: request.state,
          expectedNonce: request.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        throw oauthFailed(settings.name, describeFailure(error));
      }
      if (!claims) throw oauthFailed(settings.name, 'it sent no ID token');
      return {
        subject: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : null,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : null,
      };
    },
  };
}
