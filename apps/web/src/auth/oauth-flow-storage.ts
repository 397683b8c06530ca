// The flow secret of a provider sign-in, kept by this tab (sessionStorage) from the start until
// the provider sends the browser back, with the page to return to.
const KEY = 'coditect.oauth-flow';

function rememberOAuthFlow(flow: string, returnTo: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ flow, returnTo: returnTo.startsWith('/sign-') ? '/' : returnTo }));
}

/** Sends the browser to the provider of a started flow, keeping the flow for the page it comes back to. */
export function goToProvider(started: { authorization_url: string; flow: string }, returnTo: string): void {
  rememberOAuthFlow(started.flow, returnTo);
  window.location.assign(started.authorization_url);
}

/** Forgets the flow once its callback is sent (a callback is used once). */
export function forgetOAuthFlow(): void {
  sessionStorage.removeItem(KEY);
}

/** The flow this tab started, if any. */
export function readOAuthFlow(): { flow: string; returnTo: string } | undefined {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return undefined;
  try {
    const parsed = JSON.parse(stored) as { flow?: unknown; returnTo?: unknown };
    if (typeof parsed.flow !== 'string') return undefined;
    const returnTo =
      typeof parsed.returnTo === 'string' && parsed.returnTo.startsWith('/') && !parsed.returnTo.startsWith('//')
        ? parsed.returnTo
        : '/';
    return { flow: parsed.flow, returnTo };
  } catch {
    return undefined;
  }
}
