// The providers linked to this account (auth.identities), each unlinked unless it is the last way
// in. Shown when the server has providers or the account has links.
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { formatRelativeTime } from '../format/relative-time';
import { ConfirmAction } from '../shell/confirm-action';
import { goToProvider } from '../auth/oauth-flow-storage';

export function SignInMethodsCard() {
  const identities = trpc.auth.identities.useQuery();
  const options = trpc.auth.options.useQuery(undefined, { staleTime: Infinity });
  const utils = trpc.useUtils();
  const unlink = trpc.auth.unlinkIdentity.useMutation({ onSuccess: () => void utils.auth.identities.invalidate() });
  const link = trpc.auth.oauthLinkStart.useMutation({
    onSuccess: (started) => goToProvider(started, '/profile'),
  });
  const linked = identities.data?.identities ?? [];
  const linkable = (options.data?.providers ?? []).filter((provider) => !linked.some((entry) => entry.provider === provider.id));
  if (linked.length === 0 && (options.data?.providers.length ?? 0) === 0) return null;

  return (
    <section className="card" aria-labelledby="sign-in-methods-heading">
      <h2 id="sign-in-methods-heading">Sign-in methods</h2>
      <p className="card-note">
        {identities.data?.has_password === false
          ? 'This account has no password: the providers below are how you sign in. "Forgot your password?" on the sign-in page mails a link to set one.'
          : 'Your password, and the providers linked below. Linking one lets it sign you in to this account.'}
      </p>
      {identities.error && <FormAlert tone="error">{describeApiError(identities.error).message}</FormAlert>}
      {unlink.error && <FormAlert tone="error">{describeApiError(unlink.error).message}</FormAlert>}
      {link.error && <FormAlert tone="error">{describeApiError(link.error).message}</FormAlert>}
      <ul className="api-key-list" aria-label="Linked providers">
        {linked.map((identity) => (
          <li key={identity.provider} className="api-key-row">
            <div className="api-key-main">
              <span className="api-key-name">{identity.provider_name}</span>
            </div>
            <div className="api-key-meta muted">
              {identity.email ?? 'no email'}
              {' · '}linked {formatRelativeTime(identity.linked_at)}
            </div>
            <div className="api-key-actions">
              <ConfirmAction
                trigger="Unlink…"
                triggerLabel={`Unlink ${identity.provider_name}…`}
                groupLabel={`Confirm unlinking ${identity.provider_name}`}
                action="Unlink"
                busyAction="Unlinking…"
                busy={unlink.isPending}
                onConfirm={() => unlink.mutate({ provider: identity.provider })}
              />
            </div>
          </li>
        ))}
        {linked.length === 0 && (
          <li className="api-key-row">
            <span className="muted">No provider is linked.</span>
          </li>
        )}
      </ul>
      {identities.data && linkable.length > 0 && (
        <div className="card-actions">
          {linkable.map((provider) => (
            <button
              key={provider.id}
              type="button"
              className="button"
              disabled={link.isPending}
              onClick={() => link.mutate({ provider: provider.id })}
            >
              Link {provider.name}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
