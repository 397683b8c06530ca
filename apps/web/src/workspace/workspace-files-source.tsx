// Which WorkspaceFiles the open session uses. Today: the demo workspace when asked for (the
// `?files=demo` address, or the command; remembered in this browser), else the unconnected source.
// The real files API replaces `unconnectedWorkspaceFiles` here with its tRPC adapter.
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { demoWorkspaceFiles } from './demo-workspace';
import { unconnectedWorkspaceFiles } from './unconnected-workspace-files';
import type { WorkspaceFiles } from './workspace-files';

export type FilesSourceKind = 'server' | 'demo';

const DEMO_KEY = 'coditect.files-source';
const listeners = new Set<() => void>();

function readKind(): FilesSourceKind {
  return localStorage.getItem(DEMO_KEY) === 'demo' ? 'demo' : 'server';
}

export function setFilesSourceKind(kind: FilesSourceKind): void {
  if (kind === 'demo') localStorage.setItem(DEMO_KEY, 'demo');
  else localStorage.removeItem(DEMO_KEY);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface FilesSource {
  kind: FilesSourceKind;
  /** The files of one workspace session. */
  forSession(sessionId: string): WorkspaceFiles;
}

const FilesSourceContext = createContext<FilesSource | null>(null);

const demoCache = new Map<string, WorkspaceFiles>();

export function FilesSourceProvider({ children, source }: { children: ReactNode; source?: FilesSource }) {
  // An address with ?files=demo switches this browser to the demo workspace (before the first read).
  useState(() => {
    if (new URLSearchParams(window.location.search).get('files') === 'demo') localStorage.setItem(DEMO_KEY, 'demo');
  });
  const kind = useSyncExternalStore(subscribe, readKind);
  const value = useMemo<FilesSource>(
    () =>
      source ?? {
        kind,
        forSession: (sessionId) => {
          if (kind !== 'demo') return unconnectedWorkspaceFiles;
          let files = demoCache.get(sessionId);
          if (!files) {
            files = demoWorkspaceFiles(sessionId, localStorage, window);
            demoCache.set(sessionId, files);
          }
          return files;
        },
      },
    [kind, source],
  );
  return <FilesSourceContext.Provider value={value}>{children}</FilesSourceContext.Provider>;
}

export function useFilesSource(): FilesSource {
  const source = useContext(FilesSourceContext);
  if (!source) throw new Error('useFilesSource outside <FilesSourceProvider>');
  return source;
}
