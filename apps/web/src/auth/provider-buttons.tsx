// "Continue with GitHub" and the other configured providers: the server makes the authorization
// URL (PKCE, state, nonce) and a flow secret this browser keeps until the provider sends it back.
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { goToProvider } from './oauth-flow-storage';
import { readReturnTo } from './return-to';

export function ProviderButtons({ providers }: { providers: ReadonlyArray<{ id: string; name: string }> }) {
  const start = trpc.auth.oauthStart.useMutation({
    onSuccess: (started) => goToProvider(started, readReturnTo() ?? window.location.pathname),
  });
  if (providers.length === 0) return null;
  return (
    <div className="auth-providers">
      {start.error && <FormAlert tone="error">{describeApiError(start.error, { rateLimited: 'attempts' }).message}</FormAlert>}
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className="button button-wide"
          disabled={start.isPending}
          onClick={() => start.mutate({ provider: provider.id })}
        >
          Continue with {provider.name}
        </button>
      ))}
      <p className="auth-divider">
        <span>or with your email</span>
      </p>
    </div>
  );
}
