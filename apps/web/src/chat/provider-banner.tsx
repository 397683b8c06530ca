// The model provider could not be used: said plainly, in the server's words, with a way to retry.
import { TRPCClientError } from '@trpc/client';
import { apiErrorCode, describeApiError } from '../api/api-error';

/** The server's own sentence for provider trouble (it names what failed); the usual text otherwise. */
export function providerProblem(error: unknown): string {
  if (error instanceof TRPCClientError && apiErrorCode(error) === 'SERVICE_UNAVAILABLE') return error.message;
  return describeApiError(error).message;
}

export function ProviderBanner(props: { title: string; message: string; onRetry?: () => void; onDismiss?: () => void }) {
  const { title, message, onRetry, onDismiss } = props;
  return (
    <div className="provider-banner" role="alert">
      <p>
        <strong>{title}</strong> {message}
      </p>
      <div className="provider-banner-actions">
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
        {onDismiss && (
          <button type="button" className="button button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
