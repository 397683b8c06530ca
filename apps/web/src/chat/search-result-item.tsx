// One message found by conversations.search: where it is, who said it, when, and the snippet with
// the matched words marked.
import type { TMessageSearchResult } from '@coditect/api/contract';
import { formatRelativeTime } from '../format/relative-time';
import { highlightedPieces } from './highlighted-text';

const ROLE_NAMES: Record<TMessageSearchResult['role'], string> = { User: 'You', Assistant: 'Assistant', System: 'System' };

export function SearchResultItem({
  result,
  onOpen,
}: {
  result: TMessageSearchResult;
  onOpen(result: TMessageSearchResult): void;
}) {
  return (
    <button type="button" className="conversation-row search-result" onClick={() => onOpen(result)}>
      <span className="conversation-name">{result.conversation_title}</span>
      <span className="conversation-meta">
        {ROLE_NAMES[result.role]} · <time dateTime={result.created_at}>{formatRelativeTime(result.created_at)}</time>
      </span>
      <span className="search-snippet">
        {highlightedPieces(result.snippet, result.highlights).map((piece, index) =>
          piece.matched ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>,
        )}
      </span>
    </button>
  );
}
