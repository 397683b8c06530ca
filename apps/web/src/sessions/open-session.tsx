// The session the address names (/sessions/:id), for every part of the IDE at once: the side
// panel's views, the editor area, the chat drawer, the status bar and the commands. It owns the
// session's state as edited here (saved on its own, with expected_version), its files and the open
// documents, and what the editor is asked to show.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useRoute } from 'wouter';
import type { TChatSelection, TEditorState, TUpdatableSessionField, TWorkspaceSession } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { DocumentStore } from '../editor/document-store';
import { EditorHandleSlot, type RevealRequest } from '../editor/editor-handle';
import { ValueSlot } from '../shell/value-slot';
import { openFile } from '../editor/open-files';
import { useSettings } from '../settings/settings-provider';
import type { WorkspaceFiles } from '../workspace/workspace-files';
import { useFilesSource } from '../workspace/workspace-files-source';
import type { AutosaveStatus, SessionAutosave, SessionEdit } from './session-autosave';
import type { LivePresenceUser } from '../live/live-channel';
import { useLiveSession } from './use-live-session';
import { useSessionAccess, type SessionAccess } from './use-shared-sessions';
import { useSessionAutosave } from './use-session-autosave';

export interface ReadySession {
  state: 'ready';
  sessionId: string;
  /** The session as edited in this tab (saved or about to be). */
  session: TWorkspaceSession;
  change<TField extends TUpdatableSessionField>(field: TField, value: TWorkspaceSession[TField]): void;
  /** Tabs and cursor: every change goes through the pure functions of editor/open-files.ts. */
  updateEditorState(update: (state: TEditorState) => TEditorState): void;
  autosave: SessionAutosave;
  autosaveStatus: AutosaveStatus;
  /** Bumped when the server's state replaced this tab's (conflict resolved by reloading). */
  reloads: number;
  files: WorkspaceFiles;
  documents: DocumentStore;
  editorHandle: EditorHandleSlot;
  /** An editor selection the user asked the chat about, until a message carries it or it is dismissed. */
  chatSelection: ValueSlot<TChatSelection | null>;
  reveal: RevealRequest | null;
  /** Opens `path` in a tab and puts the cursor at the 0-based line and column. */
  openAt(path: string, line: number, column: number): void;
  /** Whose it is and what the caller may do with it (someone else's shared session: files at most). */
  access: SessionAccess;
  /** Who follows the session now, the caller included (the live channel's presence frames). */
  presence: readonly LivePresenceUser[];
}

export type OpenSessionState =
  | { state: 'none' }
  | { state: 'loading'; sessionId: string }
  | { state: 'failed'; sessionId: string; error: unknown }
  | ReadySession;

const OpenSessionContext = createContext<OpenSessionState>({ state: 'none' });

export function OpenSessionProvider({ children }: { children: ReactNode }) {
  const [, params] = useRoute<{ id: string }>('/sessions/:id');
  if (!params) return <OpenSessionContext.Provider value={{ state: 'none' }}>{children}</OpenSessionContext.Provider>;
  return (
    <SessionLoader key={params.id} sessionId={params.id}>
      {children}
    </SessionLoader>
  );
}

function SessionLoader({ sessionId, children }: { sessionId: string; children: ReactNode }) {
  // This tab owns the state once loaded; a refetch must not replace what is being edited.
  const query = trpc.sessions.get.useQuery({ session_id: sessionId }, { refetchOnWindowFocus: false, staleTime: Infinity });
  if (query.data) {
    return <LoadedSession initial={query.data}>{children}</LoadedSession>;
  }
  const value: OpenSessionState = query.error
    ? { state: 'failed', sessionId, error: query.error }
    : { state: 'loading', sessionId };
  return <OpenSessionContext.Provider value={value}>{children}</OpenSessionContext.Provider>;
}

function LoadedSession({ initial, children }: { initial: TWorkspaceSession; children: ReactNode }) {
  const { settings } = useSettings();
  const source = useFilesSource();
  const [draftHolder] = useState(() => new DraftHolder(initial));
  const draft = useSyncExternalStore(draftHolder.subscribe, draftHolder.get);
  const [reloads, setReloads] = useState(0);
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const files = useMemo(() => source.forSession(initial.session_id), [source, initial.session_id]);
  const [documents, setDocuments] = useState(() => new DocumentStore(files));
  const [documentsFiles, setDocumentsFiles] = useState(files);
  if (documentsFiles !== files) {
    setDocumentsFiles(files);
    setDocuments(new DocumentStore(files));
  }
  useEffect(() => () => documents.dispose(), [documents]);
  const [editorHandle] = useState(() => new EditorHandleSlot());
  const [chatSelection] = useState(() => new ValueSlot<TChatSelection | null>(null));

  const { autosave, status } = useSessionAutosave(initial, {
    debounceMs: settings.workspace.auto_save ? settings.workspace.save_interval : null,
    onReloaded: (latest) => {
      draftHolder.set(latest);
      setReloads((count) => count + 1);
    },
    // The open tabs and cursor stay this view's own; the rest is the other writer's.
    onRemoteChange: (latest, fields) => {
      draftHolder.set({ ...latest, editor_state: draftHolder.get().editor_state });
      if (fields === 'unknown' || fields.some((field) => field !== 'editor_state')) setReloads((count) => count + 1);
    },
  });
  const presence = useLiveSession(initial.session_id, autosave);
  const access = useSessionAccess(initial);
  // Someone else's session keeps its tabs and cursor in this view only: saving them would be refused.
  const ownedRef = useRef(access.owned);
  useEffect(() => {
    ownedRef.current = access.owned;
  }, [access.owned]);

  const change = useCallback(
    <TField extends TUpdatableSessionField>(field: TField, value: TWorkspaceSession[TField]) => {
      draftHolder.set({ ...draftHolder.get(), [field]: value });
      if (ownedRef.current) autosave.edit({ [field]: value } as SessionEdit);
    },
    [autosave, draftHolder],
  );
  const updateEditorState = useCallback(
    (update: (state: TEditorState) => TEditorState) => {
      const current = draftHolder.get().editor_state;
      const next = update(current);
      if (next !== current) change('editor_state', next);
    },
    [change, draftHolder],
  );
  const revealCounter = useRef(0);
  const openAt = useCallback(
    (path: string, line: number, column: number) => {
      updateEditorState((state) => openFile(state, path, { line, column }));
      revealCounter.current += 1;
      setReveal({ path, line, column, id: revealCounter.current });
    },
    [updateEditorState],
  );

  const value = useMemo<ReadySession>(
    () => ({
      state: 'ready',
      sessionId: initial.session_id,
      session: draft,
      change,
      updateEditorState,
      autosave,
      autosaveStatus: status,
      reloads,
      files,
      documents,
      editorHandle,
      chatSelection,
      reveal,
      openAt,
      access,
      presence,
    }),
    [
      access,
      presence,
      initial.session_id,
      draft,
      change,
      updateEditorState,
      autosave,
      status,
      reloads,
      files,
      documents,
      editorHandle,
      chatSelection,
      reveal,
      openAt,
    ],
  );
  return <OpenSessionContext.Provider value={value}>{children}</OpenSessionContext.Provider>;
}

export function useOpenSession(): OpenSessionState {
  return useContext(OpenSessionContext);
}

/** The open session when it is loaded, else null. */
export function useReadySession(): ReadySession | null {
  const open = useOpenSession();
  return open.state === 'ready' ? open : null;
}

/** The session as edited here: several edits in one event (close a tab, open another) each build on the last. */
class DraftHolder {
  private readonly listeners = new Set<() => void>();
  constructor(private value: TWorkspaceSession) {}
  get = (): TWorkspaceSession => this.value;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(value: TWorkspaceSession): void {
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}
