// Secrets the server must read back (tenant providers' API keys, two-factor seeds) at rest:
// AES-256-GCM under a key derived (HKDF-SHA256) from a server secret, one key per purpose.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export class SealedBox {
  private readonly key: Buffer;

  /** `purpose` separates the keys: a value sealed for one purpose does not open under another. */
  constructor(secret: string | Uint8Array, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'coditect', purpose, 32));
  }

  seal(plain: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** The value, or undefined when it was sealed under another secret (or tampered with). */
  open(sealed: Sealed): string | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
