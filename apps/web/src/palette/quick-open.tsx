// Ctrl+P: the workspace's files by fuzzy match of their path (files.find), the open ones first
// while nothing is typed.
import { useEffect, useState } from 'react';
import { fuzzyMatch } from '../matching/fuzzy-match';
import { baseName, parentOf, type WorkspaceFiles } from '../workspace/workspace-files';
import { describeFilesError } from '../workspace/files-error-message';
import { Highlighted, QuickPick } from './quick-pick';

export interface QuickOpenProps {
  files: WorkspaceFiles;
  /** Listed while the query is empty. */
  recent: readonly string[];
  onOpen(path: string): void;
  onClose(): void;
}

type Found = { query: string; paths: string[] } | { query: string; error: string };

export function QuickOpen({ files, recent, onOpen, onClose }: QuickOpenProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const q = query.trim();

  useEffect(() => {
    if (q === '') return;
    let current = true;
    const timer = setTimeout(() => {
      files.find(q).then(
        (paths) => current && setFound({ query: q, paths }),
        (error: unknown) => current && setFound({ query: q, error: describeFilesError(error) }),
      );
    }, 60);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [files, q]);

  let items: readonly string[] | undefined;
  let emptyText = 'No file matches';
  if (q === '') {
    items = recent;
    emptyText = 'Type part of a file’s path';
  } else if (found?.query === q) {
    if ('error' in found) {
      items = [];
      emptyText = found.error;
    } else items = found.paths;
  }

  return (
    <QuickPick
      label="Go to file"
      placeholder="Search files by name (Enter opens)"
      query={query}
      onQueryChange={setQuery}
      items={items}
      itemKey={(path) => path}
      itemLabel={(path) => path}
      emptyText={emptyText}
      onClose={onClose}
      onPick={(path) => {
        onClose();
        onOpen(path);
      }}
      renderItem={(path) => {
        const positions = fuzzyMatch(q, path)?.positions ?? [];
        const nameStart = path.length - baseName(path).length;
        return (
          <>
            <span className="quick-pick-main">
              <Highlighted text={baseName(path)} positions={positions.filter((i) => i >= nameStart).map((i) => i - nameStart)} />
            </span>
            <span className="quick-pick-detail">
              <Highlighted text={parentOf(path)} positions={positions.filter((i) => i < nameStart - 1)} />
            </span>
          </>
        );
      }}
    />
  );
}
