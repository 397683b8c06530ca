// Other sessions sharing this one's tags (sessions.related), best match first.
import { Link } from 'wouter';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { sessionPath } from './session-list';

export function RelatedSessionsCard({ sessionId, tags }: { sessionId: string; tags: string[] }) {
  const related = trpc.sessions.related.useQuery({ tags, limit: 10 }, { enabled: tags.length > 0 });
  const others = related.data?.sessions.filter((session) => session.session_id !== sessionId);

  let body;
  if (tags.length === 0) body = <p className="list-empty">Tag this session to see sessions on the same topics.</p>;
  else if (related.error) body = <p className="field-error">{describeApiError(related.error).message}</p>;
  else if (!others)
    body = (
      <p className="list-empty" aria-busy="true">
        Looking…
      </p>
    );
  else if (others.length === 0) body = <p className="list-empty">No other session shares these tags.</p>;
  else
    body = (
      <ul className="related-list" aria-label="Related sessions">
        {others.map((session) => (
          <li key={session.session_id}>
            <Link href={sessionPath(session.session_id)}>{session.name}</Link>
            <span className="relevance" title="Share of tags in common (Jaccard)">
              {Math.round(session.relevance_score * 100)}%
            </span>
            <span className="muted">{session.tags.join(' · ')}</span>
          </li>
        ))}
      </ul>
    );

  return (
    <section className="card" aria-labelledby="related-heading">
      <h2 id="related-heading">Related sessions</h2>
      {body}
    </section>
  );
}
