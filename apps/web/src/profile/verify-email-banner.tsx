// Shown above the main area while the signed-in user's address is not verified: where the link
// went, and a way to get a new one. Only where the server mails.
import type { TUserProfile } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';

export function VerifyEmailBanner({ profile }: { profile: TUserProfile | undefined }) {
  const resend = trpc.auth.resendVerification.useMutation();
  // Without mail delivery there is no link to open: nothing to ask of the user.
  const options = trpc.auth.options.useQuery(undefined, { staleTime: Infinity });
  if (!profile || profile.email_verified || !options.data?.mail) return null;
  return (
    <div className="verify-banner" role="status">
      <span>
        {resend.isSuccess
          ? `A new link is on its way to ${profile.email}.`
          : resend.error
            ? describeApiError(resend.error, { rateLimited: 'attempts' }).message
            : `Confirm your email address: open the link we mailed to ${profile.email}.`}
      </span>
      {!resend.isSuccess && (
        <button type="button" className="button button-small" disabled={resend.isPending} onClick={() => resend.mutate()}>
          {resend.isPending ? 'Sending…' : 'Send a new link'}
        </button>
      )}
    </div>
  );
}
