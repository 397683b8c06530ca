// The owner's choice of who else sees the open session (sessions.share): nobody, every member of the
// organisation for reading, or Developers and up also for writing its files. Only in an organisation.
import type { TSessionSharing } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';

export const SHARING_LABELS: Record<TSessionSharing, string> = {
  private: 'Private',
  read: 'Shared: read',
  write: 'Shared: read & write',
};

export function ShareControl({ sessionId, sharing }: { sessionId: string; sharing: TSessionSharing }) {
  const utils = trpc.useUtils();
  const share = trpc.sessions.share.useMutation({ onSuccess: () => utils.sessions.shared.invalidate() });
  // What was chosen shows at once; the list catches up when asked again.
  const shown = share.isPending ? share.variables.sharing : sharing;
  return (
    <div className="field share-control">
      <label htmlFor="session-sharing">Sharing with the organisation</label>
      <select
        id="session-sharing"
        value={shown}
        disabled={share.isPending}
        onChange={(event) => share.mutate({ session_id: sessionId, sharing: event.target.value as TSessionSharing })}
      >
        {(Object.keys(SHARING_LABELS) as TSessionSharing[]).map((value) => (
          <option key={value} value={value}>
            {SHARING_LABELS[value]}
          </option>
        ))}
      </select>
      <p className="field-message">
        {share.error ? (
          <span className="field-error" role="alert">
            {describeApiError(share.error).message}
          </span>
        ) : shown === 'private' ? (
          'Only you see this session.'
        ) : shown === 'read' ? (
          'Every member reads it and its files.'
        ) : (
          'Every member reads it; Developers and up also edit its files.'
        )}
      </p>
    </div>
  );
}
