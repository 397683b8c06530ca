// The main area of an open session: its files as tabs over the code editor (loaded lazily with the
// first file), the compare view when a save met a change from elsewhere, and what to do when no
// file is open. The commands that act on files (save, close, switch and move tabs, go to line,
// find) are registered here, where they apply.
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import type { TEditorState } from '@coditect/api/contract';
import { apiErrorCode, describeApiError } from '../api/api-error';
import { useCommands } from '../commands/command-registry';
import { useOpenSession, type ReadySession } from '../sessions/open-session';
import { ModalDialog } from '../shell/modal-dialog';
import { baseName } from '../workspace/workspace-files';
import type { OpenDocument } from './document-store';
import { EditorTabs } from './editor-tabs';
import { activateFile, closeFile, moveFile, neighbourFile, setCursor } from './open-files';
import { useEditorLook } from './use-editor-look';

const CodeEditor = lazy(() => import('./codemirror/code-editor'));
const CompareView = lazy(() => import('./codemirror/compare-view'));

export function EditorArea() {
  const open = useOpenSession();
  if (open.state === 'ready') return <SessionEditors open={open} />;
  if (open.state === 'failed') {
    const missing = apiErrorCode(open.error) === 'SESSION_NOT_FOUND';
    return (
      <div className="page">
        <header className="page-header">
          <h1>{missing ? 'No such session' : 'Cannot open this session'}</h1>
          <p className="page-lede">
            {missing ? 'It may have been deleted, in this tab or elsewhere.' : describeApiError(open.error).message}
          </p>
        </header>
      </div>
    );
  }
  return (
    <div className="editor-area" aria-busy="true">
      <div className="editor-tabs" />
      <div className="editor-empty" />
    </div>
  );
}

function SessionEditors({ open }: { open: ReadySession }) {
  const { documents, updateEditorState, editorHandle } = open;
  const state: TEditorState = open.session.editor_state;
  const snapshot = useSyncExternalStore(documents.subscribe, documents.snapshot);
  const handle = useSyncExternalStore(editorHandle.subscribe, editorHandle.current);
  const [closing, setClosing] = useState<string | null>(null);
  const active = state.active_file;

  // Closing the page with unsaved files asks first, as closing their tabs does.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (documents.dirtyPaths().length > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [documents]);

  // Every open tab's file is loaded (or loading) — documents.open does nothing for a loaded one.
  useEffect(() => {
    for (const path of state.open_files) documents.open(path);
  }, [documents, state.open_files]);

  const requestClose = (path: string) => {
    if (documents.isDirty(path)) setClosing(path);
    else close(path);
  };
  const close = (path: string) => {
    updateEditorState((current) => closeFile(current, path));
    documents.close(path);
  };
  const save = (path: string | null) => {
    if (path) void documents.save(path);
  };

  useCommands([
    {
      id: 'file.save',
      category: 'File',
      title: 'Save',
      shortcuts: ['Ctrl+S'],
      enabled: active !== null,
      run: () => save(active),
    },
    {
      id: 'file.saveAll',
      category: 'File',
      title: 'Save all',
      shortcuts: ['Ctrl+Alt+S'],
      enabled: state.open_files.length > 0,
      run: () => documents.dirtyPaths().forEach((path) => save(path)),
    },
    {
      id: 'editor.close',
      category: 'View',
      title: 'Close editor',
      shortcuts: ['Alt+W'],
      enabled: active !== null,
      run: () => active && requestClose(active),
    },
    {
      id: 'editor.next',
      category: 'View',
      title: 'Next editor',
      shortcuts: ['Ctrl+PageDown', 'Alt+PageDown'],
      enabled: state.open_files.length > 1,
      run: () => updateEditorState((current) => activateFile(current, neighbourFile(current, 1) ?? '')),
    },
    {
      id: 'editor.previous',
      category: 'View',
      title: 'Previous editor',
      shortcuts: ['Ctrl+PageUp', 'Alt+PageUp'],
      enabled: state.open_files.length > 1,
      run: () => updateEditorState((current) => activateFile(current, neighbourFile(current, -1) ?? '')),
    },
    {
      id: 'editor.moveRight',
      category: 'View',
      title: 'Move editor right',
      shortcuts: ['Ctrl+Shift+PageDown'],
      enabled: active !== null,
      run: () => active && updateEditorState((current) => moveFile(current, active, current.open_files.indexOf(active) + 1)),
    },
    {
      id: 'editor.moveLeft',
      category: 'View',
      title: 'Move editor left',
      shortcuts: ['Ctrl+Shift+PageUp'],
      enabled: active !== null,
      run: () => active && updateEditorState((current) => moveFile(current, active, current.open_files.indexOf(active) - 1)),
    },
    {
      id: 'editor.gotoLine',
      category: 'Go',
      title: 'Go to line…',
      shortcuts: ['Ctrl+G'],
      enabled: handle !== null,
      run: () => handle?.gotoLine(),
    },
    {
      id: 'editor.find',
      category: 'Edit',
      title: 'Find',
      shortcuts: ['Ctrl+F'],
      enabled: handle !== null,
      run: () => handle?.find(),
    },
    {
      id: 'editor.replace',
      category: 'Edit',
      title: 'Replace',
      shortcuts: ['Ctrl+H'],
      enabled: handle !== null,
      run: () => handle?.replace(),
    },
  ]);

  return (
    <div className="editor-area">
      {state.open_files.length > 0 && (
        <EditorTabs
          state={state}
          isDirty={(path) => {
            const document = snapshot.get(path);
            return document?.status === 'ready' && document.dirty;
          }}
          onActivate={(path) => updateEditorState((current) => activateFile(current, path))}
          onClose={requestClose}
          onMove={(path, index) => updateEditorState((current) => moveFile(current, path, index))}
        />
      )}
      <div className="editor-body" role={active ? 'tabpanel' : undefined} aria-label={active ?? undefined}>
        {active ? <DocumentView key={active} open={open} path={active} document={snapshot.get(active)} /> : <NoOpenFile />}
      </div>
      {closing && (
        <ModalDialog
          title={`Save changes to ${baseName(closing)}?`}
          onCancel={() => setClosing(null)}
          actions={
            <>
              <button
                type="button"
                className="button button-primary"
                onClick={async () => {
                  const path = closing;
                  setClosing(null);
                  if ((await documents.save(path)) === 'saved') close(path);
                }}
              >
                Save
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  close(closing);
                  setClosing(null);
                }}
              >
                Don’t save
              </button>
              <button type="button" className="button button-quiet" onClick={() => setClosing(null)}>
                Cancel
              </button>
            </>
          }
        >
          <p>Your changes are lost if you close it without saving.</p>
        </ModalDialog>
      )}
    </div>
  );
}

function DocumentView({ open, path, document }: { open: ReadySession; path: string; document: OpenDocument | undefined }) {
  const look = useEditorLook();
  const readOnly = !open.access.mayWriteFiles;
  const { documents, editorHandle, updateEditorState } = open;
  const [merge, setMerge] = useState<string | null>(null);

  if (!document || document.status === 'loading') {
    return (
      <div className="editor-note" aria-busy="true">
        <span className="skeleton skeleton-text" />
      </div>
    );
  }
  if (document.status === 'failed') {
    return (
      <div className="editor-note" role="alert">
        <p className="empty-title">Cannot open {baseName(path)}</p>
        <p className="muted">{document.message}</p>
        <button type="button" className="button" onClick={() => documents.retry(path)}>
          Try again
        </button>
      </div>
    );
  }
  if (document.status === 'binary') {
    return (
      <div className="editor-note">
        <p className="empty-title">{baseName(path)} is not text</p>
        <p className="muted">{document.size.toLocaleString()} bytes; download it from the Explorer to open it elsewhere.</p>
      </div>
    );
  }

  const loadingEditor = <div className="editor-note" aria-busy="true" />;
  if (document.conflict) {
    return (
      <div className="compare">
        <div className="compare-bar" role="alert">
          <p>
            <strong>{baseName(path)} changed elsewhere since you opened it.</strong> Left: theirs. Right: yours — take their
            changes with the arrows, then save the result.
          </p>
          <div className="compare-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void documents.saveMerged(path, merge ?? document.text)}
            >
              Save merge
            </button>
            <button type="button" className="button" onClick={() => documents.takeTheirs(path)}>
              Take theirs
            </button>
          </div>
        </div>
        <Suspense fallback={loadingEditor}>
          <CompareView
            key={document.conflict.etag}
            path={path}
            theirs={document.conflict.theirs}
            mine={document.text}
            look={look}
            onMergeChange={setMerge}
          />
        </Suspense>
      </div>
    );
  }

  const cursor = open.session.editor_state.cursor_position;
  return (
    <div className="document">
      {(document.changedElsewhere || document.saveError) && (
        <div className="document-bar" role="alert">
          {document.saveError ? (
            <p>Not saved: {document.saveError}</p>
          ) : document.changedElsewhere === 'deleted' ? (
            <p>{baseName(path)} was deleted elsewhere. Saving puts it back.</p>
          ) : (
            <>
              <p>{baseName(path)} changed elsewhere while you were editing it.</p>
              <button type="button" className="button" onClick={() => void documents.compareWithTheirs(path)}>
                Compare
              </button>
            </>
          )}
        </div>
      )}
      <Suspense fallback={loadingEditor}>
        <CodeEditor
          path={path}
          text={document.text}
          revision={document.revision}
          initialCursor={cursor}
          reveal={open.reveal}
          look={look}
          cacheKey={documents}
          readOnly={readOnly}
          onChange={(changed, text) => documents.edit(changed, text)}
          onCursor={(changed, line, column) =>
            updateEditorState((state) => (state.active_file === changed ? setCursor(state, { line, column }) : state))
          }
          onHandle={(handle) => editorHandle.set(handle)}
        />
      </Suspense>
    </div>
  );
}

function NoOpenFile() {
  return (
    <div className="editor-empty">
      <div className="editor-empty-card">
        <p className="empty-title">No file is open</p>
        <dl className="shortcuts">
          <dt>
            <kbd>Ctrl</kbd> + <kbd>P</kbd>
          </dt>
          <dd>Go to a file</dd>
          <dt>
            <kbd>Ctrl</kbd> + <kbd>Shift</kbd> + <kbd>F</kbd>
          </dt>
          <dd>Search in files</dd>
          <dt>
            <kbd>Ctrl</kbd> + <kbd>Shift</kbd> + <kbd>P</kbd>
          </dt>
          <dd>All commands</dd>
        </dl>
      </div>
    </div>
  );
}
