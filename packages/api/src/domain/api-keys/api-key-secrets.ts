// API key secrets: `cdk_` + 32 random bytes, stored only as a SHA-256 digest. A key is checked on
// every request, so the hash must be fast; with 256 bits of entropy neither a slow password hash
// nor a server-held key would add anything: nobody can search that space, stolen digests or not.
// Keys made before this release were digested with HMAC under a key derived from the JWT secret;
// those digests are still recognised (under the current and the previous secret) and replaced by
// the plain digest the first time such a key is used, so rotating JWT_SECRET retires no key.
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { API_KEY_PATTERN, API_KEY_PREFIX } from '../../contract/api-keys';

/** Characters after `cdk_` shown in listings. */
const DISPLAYED_CHARS = 6;

export interface NewApiKeySecret {
  secret: string;
  prefix: string;
  digest: string;
}

export class ApiKeySecrets {
  private readonly legacyKeys: Buffer[];

  /** `legacySecrets`: the JWT secrets whose derived HMAC keys digested keys made before this release. */
  constructor(legacySecrets: readonly Uint8Array[] = []) {
    this.legacyKeys = legacySecrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'coditect', 'api-key-digest-v1', 32)));
  }

  generate(): NewApiKeySecret {
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    return { secret, prefix: displayPrefix(secret), digest: digest(secret) };
  }

  /** The stored form of a key; undefined for text that cannot be a key. */
  digestOf(candidate: string): string | undefined {
    return API_KEY_PATTERN.test(candidate) ? digest(candidate) : undefined;
  }

  /** The digests an older release may have stored for the key (to find and upgrade them). */
  legacyDigestsOf(candidate: string): string[] {
    return this.legacyKeys.map((key) => createHmac('sha256', key).update(candidate).digest('base64url'));
  }
}

function digest(secret: string): string {
  return createHash('sha256').update('coditect-api-key-v2\0').update(secret).digest('base64url');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX.length + DISPLAYED_CHARS);
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
