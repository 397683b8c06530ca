// Which WorkspaceFiles the open session uses: the server's files API for the signed-in person (one
// adapter per session, so the tree and the open documents share its watch stream). Tests hand in
// a source of their own (in-memory files).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useRestClient } from '../api/rest-client-provider';
import { trpc } from '../api/trpc';
import { ServerWorkspaceFiles } from './server-workspace-files';
import type { WorkspaceFiles } from './workspace-files';

export interface FilesSource {
  /** The files of one workspace session. */
  forSession(sessionId: string): WorkspaceFiles;
}

const FilesSourceContext = createContext<FilesSource | null>(null);

export function FilesSourceProvider({ children, source }: { children: ReactNode; source?: FilesSource }) {
  const { client } = trpc.useUtils();
  const rest = useRestClient();
  const value = useMemo<FilesSource>(() => {
    if (source) return source;
    const bySession = new Map<string, WorkspaceFiles>();
    return {
      forSession: (sessionId) => {
        let files = bySession.get(sessionId);
        if (!files) {
          files = new ServerWorkspaceFiles({ sessionId, files: client.files, rest });
          bySession.set(sessionId, files);
        }
        return files;
      },
    };
  }, [client, rest, source]);
  return <FilesSourceContext.Provider value={value}>{children}</FilesSourceContext.Provider>;
}

export function useFilesSource(): FilesSource {
  const source = useContext(FilesSourceContext);
  if (!source) throw new Error('useFilesSource outside <FilesSourceProvider>');
  return source;
}
