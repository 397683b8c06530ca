// One audit entry as a table row: when, what, which call, its outcome, from where, how long.
import type { TAuditEntry } from '@coditect/api/contract';

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

export function AuditEntryRow({ entry }: { entry: TAuditEntry }) {
  const failed = entry.status_code >= 400;
  return (
    <tr>
      <td className="audit-time">
        <time dateTime={entry.created_at}>{timeFormat.format(new Date(entry.created_at))}</time>
      </td>
      <td>
        <span className={failed ? 'badge badge-danger' : 'badge'}>{entry.event_type}</span>
      </td>
      <td>
        <div className="audit-call">
          <code>{entry.procedure}</code>
          <span className="muted">
            {entry.method} {entry.endpoint}
          </span>
        </div>
      </td>
      <td className={failed ? 'audit-status field-error' : 'audit-status'}>
        {entry.status_code}
        {entry.error_code && <span className="muted"> {entry.error_code}</span>}
      </td>
      <td className="muted">{entry.ip_address ?? '—'}</td>
      <td className="audit-ms muted">{Math.round(entry.response_time_ms)} ms</td>
    </tr>
  );
}
