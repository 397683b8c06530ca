// API key secrets: made from 32 random bytes, stored only as an HMAC-SHA-256 digest. A key is
// checked on every request, so the hash must be fast; with 256 bits of entropy a slow password hash
// (Argon2) would add nothing but latency, and the HMAC key keeps a stolen database useless alone.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { API_KEY_PATTERN, API_KEY_PREFIX } from '../../contract/api-keys';

/** Characters after `cdk_` shown in listings. */
const DISPLAYED_CHARS = 6;

export interface NewApiKeySecret {
  secret: string;
  prefix: string;
  digest: string;
}

export class ApiKeySecrets {
  private readonly hmacKey: Buffer;

  /**
   * `serverSecret` is the JWT secret; a key of its own is derived from it, so rotating JWT_SECRET
   * also retires every API key (documented in the README).
   */
  constructor(serverSecret: Uint8Array) {
    this.hmacKey = Buffer.from(hkdfSync('sha256', serverSecret, 'coditect', 'api-key-digest-v1', 32));
  }

  generate(): NewApiKeySecret {
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    return { secret, prefix: displayPrefix(secret), digest: this.digest(secret) };
  }

  /** The stored form of a key; undefined for text that cannot be a key. */
  digestOf(candidate: string): string | undefined {
    return API_KEY_PATTERN.test(candidate) ? this.digest(candidate) : undefined;
  }

  private digest(secret: string): string {
    return createHmac('sha256', this.hmacKey).update(secret).digest('base64url');
  }
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX.length + DISPLAYED_CHARS);
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
