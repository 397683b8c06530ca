// Where the token pair lives: localStorage, shared by every tab of the origin, so a reload or a
// new tab stays signed in.
import { parseStoredTokens, type StoredTokens } from './stored-tokens';

export interface TokenStorage {
  read(): StoredTokens | null;
  write(tokens: StoredTokens): void;
  clear(): void;
  /** Called when another tab changed the stored pair (and this tab can already read it). */
  subscribe(listener: () => void): () => void;
}

export const TOKEN_STORAGE_KEY = 'coditect.tokens';

export function localTokenStorage(
  storage: Storage,
  events: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): TokenStorage {
  // Kept too so that a browser refusing storage (quota, privacy mode) still works for this tab.
  let memory: StoredTokens | null = null;
  return {
    read() {
      try {
        return parseStoredTokens(storage.getItem(TOKEN_STORAGE_KEY));
      } catch {
        return memory;
      }
    },
    write(tokens) {
      memory = tokens;
      try {
        storage.setItem(TOKEN_STORAGE_KEY, JSON.stringify(tokens));
      } catch {
        // memory holds it
      }
    },
    clear() {
      memory = null;
      try {
        storage.removeItem(TOKEN_STORAGE_KEY);
      } catch {
        // nothing stored
      }
    },
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key === TOKEN_STORAGE_KEY || event.key === null) listener();
      };
      events.addEventListener('storage', onStorage);
      return () => events.removeEventListener('storage', onStorage);
    },
  };
}
