// Where to go once signed in, for a page that sends a signed-out visitor to sign in or sign up
// first (an invitation link): kept by this tab (sessionStorage) across the sign-in, a provider's
// round trip included.
const KEY = 'coditect.return-to';

export function rememberReturnTo(path: string): void {
  sessionStorage.setItem(KEY, path);
}

/** The remembered path, when it is one of this app's (never another origin's). */
export function readReturnTo(): string | undefined {
  const path = sessionStorage.getItem(KEY);
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : undefined;
}

export function forgetReturnTo(): void {
  sessionStorage.removeItem(KEY);
}
