// In development without SMTP, the invitation mails this organisation sent went nowhere: an Admin
// reads them here (with their links). The server answers 404 where mails are delivered; then this
// shows nothing.
import { apiErrorCode, describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { formatRelativeTime } from '../format/relative-time';

export function OutboxCard() {
  const outbox = trpc.invitations.outbox.useQuery(undefined, { retry: false });
  if (outbox.error && apiErrorCode(outbox.error) === 'NOT_FOUND') return null;
  if (!outbox.error && !outbox.data) return null;
  return (
    <section className="card" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">Outbox (development)</h2>
      <p className="card-note">This server has no SMTP_URL: these mails were not sent. Pass their links on yourself.</p>
      {outbox.error ? (
        <FormAlert tone="error">{describeApiError(outbox.error).message}</FormAlert>
      ) : outbox.data!.mails.length === 0 ? (
        <p className="list-empty">No mails yet.</p>
      ) : (
        <ul className="invitation-list" aria-label="Mails not sent">
          {outbox.data!.mails.map((mail) => (
            <li key={`${mail.sent_at} ${mail.to}`} className="invitation-row">
              <div className="invitation-main">
                <span className="invitation-email">{mail.to}</span>
                <span className="muted">{formatRelativeTime(mail.sent_at)}</span>
              </div>
              <div className="invitation-meta">{mail.subject}</div>
              <pre className="outbox-text">{mail.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
