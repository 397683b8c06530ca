// What the chat's search box found: messages across all of the user's conversations, a page at a
// time, or why there is nothing to show.
import type { TMessageSearchResult } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { SearchResultItem } from './search-result-item';
import { useMessageSearch } from './use-message-search';

export function MessageSearchResults({ text, onOpen }: { text: string; onOpen(result: TMessageSearchResult): void }) {
  const { query, enabled, settling } = useMessageSearch(text);
  const results = query.data?.pages.flatMap((page) => page.results);
  const truncated = query.data?.pages.at(-1)?.truncated ?? false;

  if (!enabled && !settling) {
    return (
      <p className="panel-note" role="status">
        Type a word of at least two letters or digits to search your messages.
      </p>
    );
  }
  if (query.error) {
    return (
      <div className="panel-note" role="alert">
        <p>Search failed: {describeApiError(query.error).message}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (!results) {
    return (
      <p className="panel-note" role="status" aria-busy="true">
        Searching…
      </p>
    );
  }
  return (
    <div className="search-results" aria-busy={settling || query.isFetching}>
      <p className="search-summary muted" role="status">
        {results.length === 0 ? 'No messages hold every word.' : `${results.length}${query.hasNextPage ? '+' : ''} found`}
      </p>
      {results.length > 0 && (
        <ul className="conversation-list" aria-label="Search results">
          {results.map((result) => (
            <li key={result.message_id}>
              <SearchResultItem result={result} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      )}
      {truncated && (
        <p className="panel-note muted">The search stopped at its scan limit: older matches may be on the next page.</p>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="button button-quiet button-wide"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? 'Loading…' : 'More results'}
        </button>
      )}
    </div>
  );
}
