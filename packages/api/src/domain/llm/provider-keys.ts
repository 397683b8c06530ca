// Tenant providers' API keys at rest, sealed under the server's PROVIDER_KEYS_SECRET. A stored
// key is only ever decrypted to call its provider.
import { SealedBox, type Sealed } from '../identity/sealed-box';

export type SealedKey = Sealed;

export class ProviderKeys extends SealedBox {
  constructor(secret: string | Uint8Array) {
    super(secret, 'provider api keys v1');
  }
}
