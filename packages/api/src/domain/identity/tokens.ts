// JWTs (jose, HS256 pinned), signed with a key derived from the secret and named by `kid` (see
// signing-keys.ts). Access and refresh tokens carry a `token_use` claim so neither can stand in for
// the other. Verified tokens are cached (signature checks are WebCrypto-bound, ~9k/s per core); the
// cache holds signatures only — session and account state are checked on every call.
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import { ZRole, type TRole, type TTokenPair } from '../../contract/auth';
import type { SigningKeys } from './signing-keys';

export type TokenUse = 'access' | 'refresh';

const ZClaims = z.object({
  sub: z.uuid(),
  /** The tenant the token acts in. */
  tenant_id: z.uuid(),
  /** The user's self-tenant, where the auth session lives (absent on tokens from before teams: tenant_id). */
  home_tenant_id: z.uuid().optional(),
  email: z.string(),
  role: ZRole,
  sid: z.uuid(),
  jti: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
  token_use: z.enum(['access', 'refresh']),
});
export type TokenClaims = z.infer<typeof ZClaims>;

/** Where the token's auth session lives. */
export function homeTenantOf(claims: TokenClaims): string {
  return claims.home_tenant_id ?? claims.tenant_id;
}

export interface TokenSubject {
  userId: string;
  /** The tenant the pair acts in. */
  tenantId: string;
  /** The user's self-tenant (their auth sessions are there). */
  homeTenantId: string;
  email: string;
  role: TRole;
  sid: string;
}

export interface IssuedPair {
  tokens: TTokenPair;
  refreshJti: string;
  refreshExpiresAt: Date;
}

export interface TokenServiceOptions {
  keys: SigningKeys;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** A session's absolute lifetime from sign-in: refreshing never extends it. */
  sessionMaxAgeSeconds?: number;
  now: () => Date;
}

export interface SessionLifetime {
  /** The session ends then, whatever is refreshed. */
  absoluteEnd: Date;
  /** When the refresh token of a pair issued now expires (the idle timeout, capped by the end). */
  refreshExpiresAt: Date;
}

const ISSUER = 'coditect';
const AUDIENCE = 'coditect-api';
const ALGORITHM = 'HS256';
export const CLOCK_TOLERANCE_SECONDS = 5;
const MAX_TOKEN_LENGTH = 4096;
const CACHE_LIMIT = 10_000;

export class TokenService {
  private readonly verified = new Map<string, TokenClaims>();

  constructor(private readonly options: TokenServiceOptions) {}

  /**
   * The lifetime of a session signed in at `signedInAt` (its recorded absolute end, if any, wins):
   * `REFRESH_TOKEN_TTL` is the idle timeout, `SESSION_MAX_AGE` the most any session lasts.
   */
  sessionLifetime(signedInAt: Date, recordedEnd?: string): SessionLifetime {
    const maxAgeSeconds = this.options.sessionMaxAgeSeconds ?? this.options.refreshTtlSeconds;
    const absoluteEnd = recordedEnd ? new Date(recordedEnd) : new Date(signedInAt.getTime() + maxAgeSeconds * 1000);
    const idle = new Date((Math.floor(this.options.now().getTime() / 1000) + this.options.refreshTtlSeconds) * 1000);
    return { absoluteEnd, refreshExpiresAt: absoluteEnd < idle ? absoluteEnd : idle };
  }

  /**
   * A new access/refresh pair; the refresh token carries `refreshJti` (recorded by the caller) and
   * expires at `refreshExpiresAt` (see sessionLifetime); the access token never outlives it.
   */
  async issuePair(subject: TokenSubject, refreshJti: string, refreshExpiresAt: Date): Promise<IssuedPair> {
    const iat = Math.floor(this.options.now().getTime() / 1000);
    const refreshExp = Math.max(iat + 1, Math.floor(refreshExpiresAt.getTime() / 1000));
    const accessExp = Math.min(iat + this.options.accessTtlSeconds, refreshExp);
    const [accessToken, refreshToken] = await Promise.all([
      this.sign(subject, 'access', randomUUID(), iat, accessExp),
      this.sign(subject, 'refresh', refreshJti, iat, refreshExp),
    ]);
    return {
      tokens: {
        access_token: accessToken,
        refresh_token: refreshToken,
        expires_at: new Date(accessExp * 1000).toISOString(),
        refresh_expires_at: new Date(refreshExp * 1000).toISOString(),
      },
      refreshJti,
      refreshExpiresAt: new Date(refreshExp * 1000),
    };
  }

  /** The token's claims if it is a valid, unexpired token of this use; else a 401 AppError. */
  async verify(token: string, use: TokenUse): Promise<TokenClaims> {
    const cached = this.verified.get(token);
    if (cached) {
      this.assertUnexpired(cached, token);
      return this.assertUse(cached, use);
    }
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalidToken();
    const payload = await this.verifySignature(token);
    const parsed = ZClaims.safeParse(payload);
    if (!parsed.success) throw invalidToken();
    if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, parsed.data);
    return this.assertUse(parsed.data, use);
  }

  /** The payload of a token signed with a key (or, without a kid, a secret) this server accepts. */
  private async verifySignature(token: string): Promise<unknown> {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw invalidToken();
    }
    const { keys } = this.options;
    const candidates =
      kid === undefined ? keys.legacy : typeof kid === 'string' && keys.byKid.get(kid) ? [keys.byKid.get(kid)!] : [];
    for (const key of candidates) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: this.options.now(),
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        });
        return payload;
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw expiredToken();
      }
    }
    throw invalidToken();
  }

  private assertUnexpired(claims: TokenClaims, token: string) {
    const nowSeconds = this.options.now().getTime() / 1000;
    if (claims.exp + CLOCK_TOLERANCE_SECONDS <= nowSeconds) {
      this.verified.delete(token);
      throw expiredToken();
    }
  }

  private assertUse(claims: TokenClaims, use: TokenUse): TokenClaims {
    if (claims.token_use !== use) {
      throw new AppError(
        'UNAUTHORIZED',
        use === 'access' ? 'A refresh token cannot be used as an access token' : 'Not a refresh token',
      );
    }
    return claims;
  }

  private sign(subject: TokenSubject, use: TokenUse, jti: string, iat: number, exp: number): Promise<string> {
    return new SignJWT({
      tenant_id: subject.tenantId,
      home_tenant_id: subject.homeTenantId,
      email: subject.email,
      role: subject.role,
      sid: subject.sid,
      token_use: use,
    })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.options.keys.current.kid })
      .setSubject(subject.userId)
      .setJti(jti)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.options.keys.current.key);
  }
}

function invalidToken(): AppError {
  return new AppError('UNAUTHORIZED', 'Invalid or missing token');
}

function expiredToken(): AppError {
  return new AppError('TOKEN_EXPIRED', 'The token has expired');
}
