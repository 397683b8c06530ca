// Signing in with another provider: start (an authorization URL, a flow the browser keeps), then
// the callback — a linked identity signs in (with its second factor when on); a new one with a
// verified email creates an account; one whose email an account already uses links only once the
// person proves that account with its password. Users see and unlink their providers, never the
// last way into their account.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import type { TOAuthOutcome } from '../../contract/auth';
import type { AnonymousContext, CallerContext } from '../identity/identity-context';
import { appLink } from '../identity/account-mail';
import { CHALLENGE_TTL_SECONDS } from '../identity/sign-in-challenges';
import { openAuthSession, type OpenedSession } from '../identity/sign-in-service';
import { selfTenantId } from '../identity/tenant-id';
import { writeNewAccount } from '../identity/registration-service';
import { emailKey, newUserRecord, userRepository, type UserRecord } from '../identity/user-repository';
import type { RateLimitGate } from '../rate-limits/rate-limit-gate';
import { RateLimitExceededError } from '../rate-limits/rate-limit-exceeded';
import { externalIdentities } from './external-identities';
import { digestOf, oauthFlows } from './oauth-flows';
import type { ExternalIdentity, SignInProviders } from './sign-in-provider';

/** Where providers send the browser back: a page of the web app. */
export const CALLBACK_PAGE = '/sign-in/callback';
const LINK_TTL_SECONDS = 10 * 60;
const LINK_ATTEMPTS = 5;

/** The identity scope, or a signed-in caller's tenant scope (both reach the identity space). */
interface IdentityRunner {
  transact<T>(body: (tx: { identity: ScopedTransaction }) => Promise<T>): Promise<T>;
}

type OAuthContext = AnonymousContext & { deps: { signInProviders: SignInProviders } };

interface PendingLink {
  user_id: string;
  provider: string;
  subject: string;
  email: string;
  expires_at: string;
  attempts_left: number;
}

function expiredFlow(): AppError {
  return new AppError('INVALID_TOKEN', 'This sign-in expired, was used, or was started in another browser; start again');
}

/** `linkUserId`: a signed-in user links the provider to their account rather than signing in. */
export async function startOAuth(
  ctx: { deps: OAuthContext['deps']; identity: IdentityRunner },
  providerId: string,
  linkUserId?: string,
): Promise<{ authorization_url: string; flow: string }> {
  const provider = ctx.deps.signInProviders.get(providerId);
  const now = ctx.deps.now();
  const started = await ctx.identity.transact((tx) => oauthFlows.start(tx.identity, provider.id, now, linkUserId));
  const url = await provider.authorizationUrl({
    redirectUri: appLink(ctx.deps.accountMail, CALLBACK_PAGE, {}),
    state: started.state,
    nonce: started.flow.nonce,
    codeVerifier: started.flow.code_verifier,
  });
  return { authorization_url: url.toString(), flow: started.browserSecret };
}

function outcomeOf(opened: OpenedSession): TOAuthOutcome {
  if (opened.kind === 'signed_in') return { status: 'signed_in', ...opened.response };
  if (opened.kind === 'challenge') {
    return { status: 'two_factor_required', challenge: opened.challenge, expires_in: CHALLENGE_TTL_SECONDS };
  }
  throw new AppError('INVALID_TOKEN', 'This account changed while signing in; start again');
}

/** "Ada Lovelace" → Ada / Lovelace; no name → the email's local part. */
function namesOf(identity: ExternalIdentity, email: string): { first_name: string; last_name: string } {
  const words = (identity.name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { first_name: email.split('@')[0]!.slice(0, 100), last_name: '' };
  return { first_name: words[0]!.slice(0, 100), last_name: words.slice(1).join(' ').slice(0, 100) };
}

export async function completeOAuth(ctx: OAuthContext, input: { callback_url: string; flow: string }): Promise<TOAuthOutcome> {
  const { deps } = ctx;
  const now = deps.now();
  let callback: URL;
  try {
    callback = new URL(input.callback_url);
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid input', [{ path: 'callback_url', message: 'Not a URL' }]);
  }
  const expected = new URL(appLink(deps.accountMail, CALLBACK_PAGE, {}));
  if (callback.origin !== expected.origin || callback.pathname !== expected.pathname) {
    throw new AppError('VALIDATION_ERROR', 'Invalid input', [
      { path: 'callback_url', message: `Must be this server's callback, ${expected.toString()}` },
    ]);
  }
  const state = callback.searchParams.get('state') ?? '';
  const flow = await ctx.identity.transact((tx) => oauthFlows.take(tx.identity, state, input.flow, now));
  if (!flow) throw expiredFlow();
  const provider = deps.signInProviders.get(flow.provider);
  const refusal = callback.searchParams.get('error');
  if (refusal) {
    throw new AppError(
      'OAUTH_FAILED',
      `${provider.name} did not sign you in (${refusal}${callback.searchParams.get('error_description') ? `: ${callback.searchParams.get('error_description')}` : ''})`,
    );
  }
  const external = await provider.identify(callback, {
    redirectUri: expected.toString(),
    state,
    nonce: flow.nonce,
    codeVerifier: flow.code_verifier,
  });

  if (flow.link_user_id) return linkToSignedInUser(ctx, flow.link_user_id, provider, external);

  const decided = await ctx.identity.transact(async (tx): Promise<{ userId: string } | { link: string; email: string }> => {
    const { identity } = tx;
    const linked = await externalIdentities.userOf(identity, provider.id, external.subject);
    if (linked) return { userId: linked };
    if (!external.email || !external.emailVerified) {
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        `${provider.name} has not verified an email address for this account; verify one there, or sign up with a password`,
      );
    }
    const existing = await userRepository.getByEmail(identity, external.email);
    if (existing) {
      const token = randomBytes(32).toString('base64url');
      const pending: PendingLink = {
        user_id: existing.user_id,
        provider: provider.id,
        subject: external.subject,
        email: existing.email,
        expires_at: new Date(now.getTime() + LINK_TTL_SECONDS * 1000).toISOString(),
        attempts_left: LINK_ATTEMPTS,
      };
      identity.set(['oauth_link', digestOf(token)], pending);
      return { link: token, email: existing.email };
    }
    const userId = randomUUID();
    const user: UserRecord = {
      ...newUserRecord({
        user_id: userId,
        tenant_id: selfTenantId(userId),
        email: external.email,
        ...namesOf(external, external.email),
        company: null,
        // No password: the provider is the way in (a reset by mail can add one).
        password_hash: '',
        now,
      }),
      email_verified: true,
      provider: provider.id,
    };
    writeNewAccount(tx, user, now);
    externalIdentities.link(identity, {
      user_id: userId,
      provider: provider.id,
      subject: external.subject,
      email: external.email,
      linked_at: now.toISOString(),
    });
    return { userId };
  });
  if ('link' in decided) {
    return {
      status: 'link_required',
      link_token: decided.link,
      email: decided.email,
      provider: provider.id,
      provider_name: provider.name,
      expires_in: LINK_TTL_SECONDS,
    };
  }
  return outcomeOf(await openAuthSession(ctx, decided.userId, { stillValid: () => true, secondFactor: 'ask' }));
}

/** A flow a signed-in user started to link the provider: the provider account joins theirs. */
async function linkToSignedInUser(
  ctx: OAuthContext,
  userId: string,
  provider: { id: string; name: string },
  external: ExternalIdentity,
): Promise<TOAuthOutcome> {
  const now = ctx.deps.now();
  await ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    const owner = await externalIdentities.userOf(identity, provider.id, external.subject);
    if (owner === userId) return;
    if (owner) {
      throw new AppError('CONFLICT', `This ${provider.name} account signs in to another Coditect account; unlink it there first`);
    }
    const links = await externalIdentities.listForUser(identity, userId);
    if (links.some((record) => record.provider === provider.id)) {
      throw new AppError('CONFLICT', `Another ${provider.name} account is linked already; unlink it first`);
    }
    if (!(await userRepository.get(identity, userId)))
      throw new AppError('INVALID_TOKEN', 'The account that started this is gone');
    externalIdentities.link(identity, {
      user_id: userId,
      provider: provider.id,
      subject: external.subject,
      email: external.email,
      linked_at: now.toISOString(),
    });
  });
  return { status: 'linked', provider: provider.id, provider_name: provider.name };
}

/**
 * Links the pending provider to the account that uses its email, once its password is proved.
 * Attempts count against the account's and the address's failed sign-ins, like a sign-in.
 */
export async function linkWithPassword(
  ctx: OAuthContext & { deps: { rateLimits: RateLimitGate } },
  input: { link_token: string; password: string },
  onSubject: (subject: { tenantId: string; userId: string }) => void,
): Promise<TOAuthOutcome> {
  const { deps } = ctx;
  const now = deps.now();
  const key = ['oauth_link', digestOf(input.link_token)];
  const found = await ctx.identity.transact(async (tx) => {
    const pending = await tx.identity.get<PendingLink>(key);
    if (!pending || Date.parse(pending.expires_at) <= now.getTime()) return undefined;
    const user = await userRepository.get(tx.identity, pending.user_id);
    return user && { pending, user };
  });
  if (!found) throw new AppError('INVALID_TOKEN', 'This link request expired or was used; sign in with the provider again');
  const { pending, user } = found;
  onSubject({ tenantId: user.tenant_id, userId: user.user_id });
  const account = emailKey(user.email);
  const counted = await deps.rateLimits.consume([
    { policy: 'login_account', key: account },
    { policy: 'login_ip', key: ctx.request.ip },
  ]);
  if (!counted.allowed) throw new RateLimitExceededError(counted.window);
  const right = user.password_hash !== '' && (await deps.passwords.verify(user.password_hash, input.password));
  if (!right && user.password_hash === '') await deps.passwords.verifyNothing(input.password);

  const linked = await ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    const current = await identity.get<PendingLink>(key);
    if (!current) return 'gone' as const;
    if (!right) {
      if (current.attempts_left <= 1) identity.clear(key);
      else identity.set(key, { ...current, attempts_left: current.attempts_left - 1 });
      return 'wrong' as const;
    }
    identity.clear(key);
    if (!(await externalIdentities.userOf(identity, current.provider, current.subject))) {
      externalIdentities.link(identity, {
        user_id: current.user_id,
        provider: current.provider,
        subject: current.subject,
        email: current.email,
        linked_at: now.toISOString(),
      });
    }
    const latest = await userRepository.get(identity, current.user_id);
    if (latest && !latest.email_verified)
      userRepository.put(identity, { ...latest, email_verified: true, updated_at: now.toISOString() });
    return 'linked' as const;
  });
  if (linked === 'gone')
    throw new AppError('INVALID_TOKEN', 'This link request expired or was used; sign in with the provider again');
  if (linked === 'wrong') throw new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
  await Promise.all([deps.rateLimits.refund('login_account', account), deps.rateLimits.refund('login_ip', ctx.request.ip)]);
  return outcomeOf(
    await openAuthSession(ctx, pending.user_id, {
      stillValid: (current) => current.password_hash === user.password_hash,
      secondFactor: 'ask',
    }),
  );
}

export async function listIdentities(ctx: CallerContext & { deps: { signInProviders: SignInProviders } }): Promise<{
  identities: Array<{ provider: string; provider_name: string; email: string | null; linked_at: string }>;
  has_password: boolean;
}> {
  const { user, records } = await ctx.tenant.transact(async (tx) => ({
    user: await userRepository.get(tx.identity, ctx.auth.userId),
    records: await externalIdentities.listForUser(tx.identity, ctx.auth.userId),
  }));
  const names = new Map(ctx.deps.signInProviders.list().map((provider) => [provider.id, provider.name]));
  return {
    identities: records.map((record) => ({
      provider: record.provider,
      provider_name: names.get(record.provider) ?? record.provider,
      email: record.email,
      linked_at: record.linked_at,
    })),
    has_password: (user?.password_hash ?? '') !== '',
  };
}

export async function unlinkIdentity(ctx: CallerContext, provider: string): Promise<void> {
  await ctx.tenant.transact(async (tx) => {
    const { identity } = tx;
    const [user, records] = await Promise.all([
      userRepository.get(identity, ctx.auth.userId),
      externalIdentities.listForUser(identity, ctx.auth.userId),
    ]);
    const record = records.find((entry) => entry.provider === provider);
    if (!record || !user) throw new AppError('NOT_FOUND', `No ${provider} sign-in is linked to this account`);
    if (user.password_hash === '' && records.length === 1) {
      throw new AppError(
        'CONFLICT',
        'This is your only way to sign in: set a password first ("Forgot your password?" mails a link) or link another provider',
      );
    }
    externalIdentities.unlink(identity, record);
  });
}
