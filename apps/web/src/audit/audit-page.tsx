// Admins: the tenant's audit trail (audit.list), filtered by event type, and a check of its hash
// chain (audit.verify). Entries are written in batches shortly after each call, hence Refresh.
import { useState } from 'react';
import { AUDIT_EVENT_TYPES, ZAuditEventType, type TAuditEventType } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { AuditEntryRow } from './audit-entry-row';
import { useAuditPages } from './use-audit-pages';

export function AuditPage() {
  const [eventType, setEventType] = useState<TAuditEventType | null>(null);
  const audit = useAuditPages(eventType);
  const entries = audit.data?.pages.flatMap((page) => page.entries);

  let body;
  if (audit.error) body = <FormAlert tone="error">{describeApiError(audit.error).message}</FormAlert>;
  else if (!entries)
    body = (
      <div className="card card-placeholder" aria-busy="true" aria-label="Loading the audit trail">
        <span className="skeleton skeleton-text" />
      </div>
    );
  else if (entries.length === 0) body = <p className="list-empty">No entries{eventType ? ` of type ${eventType}` : ''} yet.</p>;
  else
    body = (
      <>
        <div className="audit-table-wrap">
          <table className="audit-table" aria-label="Audit entries">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Call</th>
                <th scope="col">Status</th>
                <th scope="col">IP</th>
                <th scope="col">Time taken</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditEntryRow key={entry.sequence} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
        {audit.hasNextPage && (
          <button
            type="button"
            className="button button-wide"
            disabled={audit.isFetchingNextPage}
            onClick={() => void audit.fetchNextPage()}
          >
            {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </>
    );

  return (
    <div className="page page-wide">
      <header className="page-header page-header-split">
        <div>
          <h1>Audit trail</h1>
          <p className="page-lede">
            Every call and sign-in event in your tenant, newest first. Passwords, tokens and secrets are never recorded.
          </p>
        </div>
        <ChainCheck />
      </header>
      <div className="audit-toolbar">
        <label htmlFor="audit-event-type">Event</label>
        <select
          id="audit-event-type"
          value={eventType ?? ''}
          onChange={(event) => {
            const parsed = ZAuditEventType.safeParse(event.target.value);
            setEventType(parsed.success ? parsed.data : null);
          }}
        >
          <option value="">All events</option>
          {AUDIT_EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <button type="button" className="button" disabled={audit.isFetching} onClick={() => void audit.refetch()}>
          {audit.isFetching && !audit.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {body}
    </div>
  );
}

function ChainCheck() {
  const verify = trpc.audit.verify.useQuery(undefined, { enabled: false, retry: false });
  let result = null;
  if (verify.error)
    result = (
      <span className="autosave autosave-failed" role="alert">
        {describeApiError(verify.error).message}
      </span>
    );
  else if (verify.data?.ok)
    result = (
      <span className="autosave autosave-saved" role="status">
        Intact: {verify.data.entries_checked} entries checked
      </span>
    );
  else if (verify.data?.problem)
    result = (
      <span className="autosave autosave-failed" role="alert">
        Entry {verify.data.problem.sequence} {verify.data.problem.kind}: {verify.data.problem.message}
      </span>
    );
  return (
    <div className="audit-chain">
      {result}
      <button type="button" className="button" disabled={verify.isFetching} onClick={() => void verify.refetch()}>
        {verify.isFetching ? 'Checking…' : 'Verify the chain'}
      </button>
    </div>
  );
}
