// JWTs (jose, HS256 pinned). Access and refresh tokens carry a `token_use` claim so neither can
// stand in for the other. Verified access tokens are cached (signature checks are WebCrypto-bound,
// ~9k/s per core); the cache holds signatures only — session state is checked on every call.
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import { ZRole, type TRole, type TTokenPair } from '../../contract/auth';

export type TokenUse = 'access' | 'refresh';

const ZClaims = z.object({
  sub: z.uuid(),
  tenant_id: z.uuid(),
  email: z.string(),
  role: ZRole,
  sid: z.uuid(),
  jti: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
  token_use: z.enum(['access', 'refresh']),
});
export type TokenClaims = z.infer<typeof ZClaims>;

export interface TokenSubject {
  userId: string;
  tenantId: string;
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
  secret: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  now: () => Date;
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

  /** When the refresh token of a pair issued now expires (to store with its auth session). */
  refreshExpiry(): Date {
    return new Date((Math.floor(this.options.now().getTime() / 1000) + this.options.refreshTtlSeconds) * 1000);
  }

  /** A new access/refresh pair; the refresh token carries `refreshJti` (recorded by the caller). */
  async issuePair(subject: TokenSubject, refreshJti: string): Promise<IssuedPair> {
    const iat = Math.floor(this.options.now().getTime() / 1000);
    const accessExp = iat + this.options.accessTtlSeconds;
    const refreshExp = iat + this.options.refreshTtlSeconds;
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
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.options.secret, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: this.options.now(),
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw expiredToken();
      throw invalidToken();
    }
    const parsed = ZClaims.safeParse(payload);
    if (!parsed.success) throw invalidToken();
    if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, parsed.data);
    return this.assertUse(parsed.data, use);
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
      email: subject.email,
      role: subject.role,
      sid: subject.sid,
      token_use: use,
    })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(subject.userId)
      .setJti(jti)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.options.secret);
  }
}

function invalidToken(): AppError {
  return new AppError('UNAUTHORIZED', 'Invalid or missing token');
}

function expiredToken(): AppError {
  return new AppError('TOKEN_EXPIRED', 'The token has expired');
}
