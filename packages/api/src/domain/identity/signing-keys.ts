// The keys tokens are signed with. Each is derived from a configured secret (HKDF, so the secret
// itself never signs anything) and named by a key id (`kid` in the token header): during a
// rotation the server signs with the new secret's key and still verifies tokens made with the
// previous one (JWT_SECRET_PREVIOUS), so nobody is signed out. Tokens from before key ids existed
// (signed with the raw secret, no kid) stay valid until they expire.
import { createHash, hkdfSync } from 'node:crypto';

export interface SigningKey {
  kid: string;
  key: Uint8Array;
}

export interface SigningKeys {
  current: SigningKey;
  /** Every key a token may name, by kid (the current one and the previous secret's). */
  byKid: ReadonlyMap<string, Uint8Array>;
  /** Raw secrets tokens without a kid were signed with. */
  legacy: readonly Uint8Array[];
}

export function deriveSigningKey(secret: Uint8Array): SigningKey {
  const key = new Uint8Array(hkdfSync('sha256', secret, 'coditect', 'jwt-signing-key-v1', 32));
  // The id names the key without revealing anything about it.
  const kid = createHash('sha256').update(key).digest('base64url').slice(0, 16);
  return { kid, key };
}

export function signingKeys(current: Uint8Array, previous?: Uint8Array): SigningKeys {
  const currentKey = deriveSigningKey(current);
  const byKid = new Map([[currentKey.kid, currentKey.key]]);
  const legacy = [current];
  if (previous) {
    const previousKey = deriveSigningKey(previous);
    byKid.set(previousKey.kid, previousKey.key);
    legacy.push(previous);
  }
  return { current: currentKey, byKid, legacy };
}
