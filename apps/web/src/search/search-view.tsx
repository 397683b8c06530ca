// The side panel's Search view (Ctrl+Shift+F): text or a regular expression across the workspace,
// case-sensitive or not, in files matching a glob; results grouped by file, each one a button that
// opens the file with the cursor on the match.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReadySession } from '../sessions/open-session';
import { useShellLayout } from '../shell/shell-layout';
import { describeFilesError } from '../workspace/files-error-message';
import type { SearchMatch, SearchQuery } from '../workspace/workspace-files';

type Results = { query: SearchQuery; matches: SearchMatch[]; truncated: boolean } | { query: SearchQuery; error: string };

export function SearchView({ open, focusRequest }: { open: ReadySession; focusRequest: number }) {
  const [q, setQ] = useState('');
  const [regex, setRegex] = useState(false);
  const [matchCase, setMatchCase] = useState(false);
  const [glob, setGlob] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [searching, setSearching] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const layout = useShellLayout();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);

  const run = async (event?: FormEvent) => {
    event?.preventDefault();
    if (q.trim() === '') return;
    const query: SearchQuery = { q, regex, case: matchCase, glob: glob.trim() || undefined };
    setSearching(true);
    try {
      const found = await open.files.search(query);
      setResults({ query, ...found });
    } catch (error) {
      setResults({ query, error: describeFilesError(error) });
    } finally {
      setSearching(false);
    }
  };

  const groups = new Map<string, SearchMatch[]>();
  if (results && 'matches' in results) {
    for (const match of results.matches) groups.set(match.path, [...(groups.get(match.path) ?? []), match]);
  }

  return (
    <div className="search-view">
      <form className="search-form" role="search" aria-label="Search in files" onSubmit={(event) => void run(event)}>
        <div className="search-row">
          <input
            ref={input}
            type="text"
            aria-label="Search text"
            placeholder="Search (Enter)"
            value={q}
            spellCheck={false}
            onChange={(event) => setQ(event.target.value)}
          />
          <button
            type="button"
            className="button button-quiet search-toggle"
            aria-pressed={matchCase}
            aria-label="Match case"
            title="Match case"
            onClick={() => setMatchCase((value) => !value)}
          >
            Aa
          </button>
          <button
            type="button"
            className="button button-quiet search-toggle"
            aria-pressed={regex}
            aria-label="Use regular expression"
            title="Use regular expression"
            onClick={() => setRegex((value) => !value)}
          >
            .*
          </button>
        </div>
        <input
          type="text"
          aria-label="Files to include"
          placeholder="Files to include, e.g. *.ts or src/**"
          value={glob}
          spellCheck={false}
          onChange={(event) => setGlob(event.target.value)}
        />
        <button type="submit" className="visually-hidden">
          Search
        </button>
      </form>
      <div className="search-results" aria-busy={searching}>
        {results && 'error' in results && (
          <p className="panel-note" role="alert">
            {results.error}
          </p>
        )}
        {results && 'matches' in results && (
          <p className="panel-note" role="status">
            {results.matches.length === 0
              ? 'No results'
              : `${results.matches.length}${results.truncated ? '+' : ''} result${results.matches.length === 1 ? '' : 's'} in ${groups.size} file${groups.size === 1 ? '' : 's'}`}
          </p>
        )}
        <ul className="search-groups" aria-label="Search results">
          {[...groups].map(([path, matches]) => (
            <li key={path}>
              <p className="search-file" title={path}>
                {path}
              </p>
              <ul>
                {matches.map((match) => (
                  <li key={`${match.line}:${match.column}`}>
                    <button
                      type="button"
                      className="search-match"
                      aria-label={`${path} line ${match.line}: ${match.preview.trim()}`}
                      onClick={() => {
                        open.openAt(match.path, match.line - 1, match.column - 1);
                        layout.closeDrawer();
                      }}
                    >
                      <span className="search-line">{match.line}</span>
                      <span className="search-preview">{match.preview}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
