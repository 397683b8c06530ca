// A sign-in started at a provider, until its callback: the state names it, and the record holds
// the PKCE verifier and nonce, and the digest of a secret only the browser that started it holds —
// so a callback URL sent to someone else (a login-CSRF) signs nobody in. Single use, 10 minutes;
// each new flow sweeps a few abandoned ones.
import { createHash, randomBytes } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';

export const FLOW_TTL_SECONDS = 10 * 60;
const SWEEP_BATCH = 20;

export interface OAuthFlow {
  provider: string;
  nonce: string;
  code_verifier: string;
  browser_digest: string;
  expires_at: string;
  /** Set when a signed-in user started it to link the provider to their account. */
  link_user_id?: string;
}

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export const oauthFlows = {
  /** A new flow: its state (for the provider) and the browser's secret (kept by the web app). */
  async start(
    identity: ScopedTransaction,
    provider: string,
    now: Date,
    linkUserId?: string,
  ): Promise<{ state: string; browserSecret: string; flow: OAuthFlow }> {
    const expired = await identity.getRange<string>(['oauth_flow_expiry'], { limit: SWEEP_BATCH });
    for (const row of expired) {
      const [, expiresAt, state] = row.key as [string, string, string];
      if (Date.parse(expiresAt) > now.getTime()) break;
      identity.clear(['oauth_flow', state]);
      identity.clear(row.key);
    }
    const state = randomToken();
    const browserSecret = randomToken();
    const flow: OAuthFlow = {
      provider,
      nonce: randomToken(),
      code_verifier: randomToken(),
      browser_digest: digestOf(browserSecret),
      expires_at: new Date(now.getTime() + FLOW_TTL_SECONDS * 1000).toISOString(),
      ...(linkUserId ? { link_user_id: linkUserId } : {}),
    };
    identity.set(['oauth_flow', state], flow);
    identity.set(['oauth_flow_expiry', flow.expires_at, state], state);
    return { state, browserSecret, flow };
  },

  /** The live flow `state` names if `browserSecret` is its browser's; it is used up either way. */
  async take(identity: ScopedTransaction, state: string, browserSecret: string, now: Date): Promise<OAuthFlow | undefined> {
    const flow = await identity.get<OAuthFlow>(['oauth_flow', state]);
    if (!flow) return undefined;
    identity.clear(['oauth_flow', state]);
    identity.clear(['oauth_flow_expiry', flow.expires_at, state]);
    if (Date.parse(flow.expires_at) <= now.getTime() || flow.browser_digest !== digestOf(browserSecret)) return undefined;
    return flow;
  },
};
