import { apiContract, roleMayCall } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { describeApiError } from '../api/api-error';
import { FormAlert } from '../forms/form-alert';
import { formatRelativeTime } from '../format/relative-time';
import { AccountDataCard } from './account-data-card';
import { ApiKeysCard } from './api-keys-card';
import { DevicesCard } from './devices-card';
import { ModelProvidersCard } from './model-providers-card';
import { PasswordForm } from './password-form';
import { ProfileNamesForm } from './profile-names-form';
import { TokenUsageCard } from './token-usage-card';
import { TwoFactorCard } from './two-factor-card';
import { SignInMethodsCard } from './sign-in-methods-card';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export function ProfilePage() {
  const me = trpc.users.me.useQuery();
  return (
    <div className="page">
      <header className="page-header">
        <h1>Profile</h1>
      </header>
      {me.error && <FormAlert tone="error">{describeApiError(me.error).message}</FormAlert>}
      <section className="card" aria-labelledby="account-heading" aria-busy={me.isPending}>
        <h2 id="account-heading">Account</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{me.data ? me.data.email : <span className="skeleton skeleton-text" />}</dd>
          <dt>Role</dt>
          <dd>{me.data ? me.data.role : <span className="skeleton skeleton-text skeleton-short" />}</dd>
          <dt>Company</dt>
          <dd>{me.data ? (me.data.company ?? '—') : <span className="skeleton skeleton-text skeleton-short" />}</dd>
          <dt>Member since</dt>
          <dd>
            {me.data ? (
              dateFormat.format(new Date(me.data.created_at))
            ) : (
              <span className="skeleton skeleton-text skeleton-short" />
            )}
          </dd>
          <dt>Last sign-in</dt>
          <dd>
            {me.data ? (
              me.data.last_login_at ? (
                formatRelativeTime(me.data.last_login_at)
              ) : (
                'This is your first session'
              )
            ) : (
              <span className="skeleton skeleton-text skeleton-short" />
            )}
          </dd>
        </dl>
      </section>
      {me.data ? <ProfileNamesForm profile={me.data} /> : <div className="card card-placeholder" aria-hidden="true" />}
      <TokenUsageCard />
      <PasswordForm />
      <TwoFactorCard />
      <SignInMethodsCard />
      <DevicesCard />
      <ApiKeysCard />
      {me.data && roleMayCall(me.data.role, apiContract.llm.createProvider) && <ModelProvidersCard />}
      {me.data && <AccountDataCard profile={me.data} />}
    </div>
  );
}
