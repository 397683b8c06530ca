// Tenant providers' API keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the
// server's PROVIDER_KEYS_SECRET. A stored key is only ever decrypted to call its provider.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SealedKey {
  iv: string;
  tag: string;
  data: string;
}

export class ProviderKeys {
  private readonly key: Buffer;

  constructor(secret: string | Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'coditect', 'provider api keys v1', 32));
  }

  seal(plain: string): SealedKey {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** The key, or undefined when it was sealed under another secret (or tampered with). */
  open(sealed: SealedKey): string | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
