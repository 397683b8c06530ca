// What sign-in with another identity provider needs from one: an authorization URL for the
// browser (authorization code with PKCE, state, and for OpenID Connect a nonce), and the identity
// its callback proves. Google and any OpenID Connect issuer (discovery) or GitHub (OAuth2).
import { AppError } from '../../errors/app-error';

export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in. */
export interface ExternalIdentity {
  /** The provider's stable id for the account (`sub`, GitHub's numeric id). */
  subject: string;
  email: string | null;
  /** Whether the provider vouches that the account owns `email`. */
  emailVerified: boolean;
  name: string | null;
}

export interface SignInProvider {
  id: string;
  /** Shown on the button: "Continue with GitHub". */
  name: string;
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /**
   * Exchanges the callback's code, checking its state, the PKCE verifier and (OpenID Connect) the
   * ID token with its nonce; throws OAUTH_FAILED when any of it does not hold.
   */
  identify(callbackUrl: URL, request: AuthorizationRequest): Promise<ExternalIdentity>;
}

export function oauthFailed(provider: string, reason: string): AppError {
  return new AppError('OAUTH_FAILED', `Signing in with ${provider} did not work: ${reason}`);
}

/** The configured providers, in the order the sign-in page shows them. */
export class SignInProviders {
  private readonly byId: ReadonlyMap<string, SignInProvider>;

  constructor(providers: readonly SignInProvider[]) {
    this.byId = new Map(providers.map((provider) => [provider.id, provider]));
  }

  list(): Array<{ id: string; name: string }> {
    return [...this.byId.values()].map(({ id, name }) => ({ id, name }));
  }

  get(id: string): SignInProvider {
    const provider = this.byId.get(id);
    if (!provider) throw new AppError('NOT_FOUND', `No sign-in provider "${id}" is configured here`);
    return provider;
  }
}
