// The open session: its whole state, edited in place and saved automatically with
// expected_version (a save that loses to another tab asks whether to reload or overwrite), beside
// the session's AI chat.
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'wouter';
import {
  SESSION_LIMITS,
  ZPath,
  ZSessionName,
  ZTag,
  type TUpdatableSessionField,
  type TWorkspaceSession,
} from '@coditect/api/contract';
import { apiErrorCode, describeApiError } from '../api/api-error';
import { CHAT_PARAM, ChatPanel } from '../chat/chat-panel';
import { trpc } from '../api/trpc';
import { useSettings } from '../settings/settings-provider';
import { AutosaveIndicator } from './autosave-indicator';
import { BreakpointsCard } from './breakpoints-card';
import { EditorStateCard } from './editor-state-card';
import { MemoryCard } from './memory-card';
import { RelatedSessionsCard } from './related-sessions-card';
import { SessionActions } from './session-actions';
import type { SessionEdit } from './session-autosave';
import { StringListEditor } from './string-list-editor';
import { TerminalsCard } from './terminals-card';
import { useSessionAutosave } from './use-session-autosave';

export function SessionPage({ sessionId }: { sessionId: string }) {
  // The editor owns the state once loaded; a refetch must not replace what is being typed.
  const session = trpc.sessions.get.useQuery({ session_id: sessionId }, { refetchOnWindowFocus: false, staleTime: Infinity });
  if (session.error) {
    const code = apiErrorCode(session.error);
    return (
      <div className="page">
        <header className="page-header">
          <h1>{code === 'SESSION_NOT_FOUND' ? 'No such session' : 'Cannot open this session'}</h1>
          <p className="page-lede">
            {code === 'SESSION_NOT_FOUND'
              ? 'It may have been deleted, in this tab or elsewhere.'
              : describeApiError(session.error).message}
          </p>
        </header>
      </div>
    );
  }
  return (
    <SessionLayout key={sessionId} sessionId={sessionId}>
      {session.data ? (
        <SessionEditor initial={session.data} />
      ) : (
        <div className="page page-wide" aria-busy="true">
          <header className="page-header">
            <span className="skeleton skeleton-heading" />
          </header>
          <div className="session-grid">
            {[0, 1, 2, 3].map((index) => (
              <div key={index} className="card card-placeholder" />
            ))}
          </div>
        </div>
      )}
    </SessionLayout>
  );
}

/**
 * The session's state beside its AI chat. Where the window is too narrow for both, a switch
 * shows one at a time (both stay mounted, so a streaming reply goes on while the state shows).
 */
function SessionLayout({ sessionId, children }: { sessionId: string; children: ReactNode }) {
  const [params] = useSearchParams();
  const [view, setView] = useState<'state' | 'chat'>(() => (params.has(CHAT_PARAM) ? 'chat' : 'state'));
  return (
    <div className="session-layout" data-view={view}>
      <div className="session-view-switch" role="group" aria-label="Show">
        <button type="button" className="button button-quiet" aria-pressed={view === 'state'} onClick={() => setView('state')}>
          Session
        </button>
        <button type="button" className="button button-quiet" aria-pressed={view === 'chat'} onClick={() => setView('chat')}>
          AI chat
        </button>
      </div>
      <div className="session-state-pane" id="session-state">
        {children}
      </div>
      <ChatPanel sessionId={sessionId} />
    </div>
  );
}

function SessionEditor({ initial }: { initial: TWorkspaceSession }) {
  const { settings } = useSettings();
  const [draft, setDraft] = useState(initial);
  const [nameText, setNameText] = useState(initial.name);
  const { autosave, status } = useSessionAutosave(initial, {
    debounceMs: settings.workspace.auto_save ? settings.workspace.save_interval : null,
    onReloaded: (latest) => {
      setDraft(latest);
      setNameText(latest.name);
    },
  });

  const change = <TField extends TUpdatableSessionField>(field: TField, value: TWorkspaceSession[TField]) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    autosave.edit({ [field]: value } as SessionEdit);
  };
  const nameError = ZSessionName.safeParse(nameText).success ? null : 'A session needs a name';

  return (
    <div className="page page-wide">
      <header className="session-header">
        <div className="session-title">
          <label htmlFor="session-name" className="visually-hidden">
            Session name
          </label>
          <input
            id="session-name"
            className="session-name-input"
            type="text"
            value={nameText}
            maxLength={SESSION_LIMITS.nameChars}
            aria-invalid={nameError ? true : undefined}
            aria-describedby="session-name-message"
            onChange={(event) => {
              setNameText(event.target.value);
              const parsed = ZSessionName.safeParse(event.target.value);
              if (parsed.success) change('name', parsed.data);
            }}
          />
          <p id="session-name-message" className="field-message field-error">
            {nameError ?? ''}
          </p>
        </div>
        <div className="session-status">
          <AutosaveIndicator
            status={status}
            onReload={() => void autosave.resolveConflict('reload')}
            onOverwrite={() => void autosave.resolveConflict('overwrite')}
            onRetry={() => autosave.retry()}
          />
          {status.state === 'pending' && !settings.workspace.auto_save && (
            <button type="button" className="button button-primary" onClick={() => void autosave.flush()}>
              Save
            </button>
          )}
        </div>
        <SessionActions sessionId={draft.session_id} name={draft.name} autosave={autosave} />
      </header>

      <div className="session-grid">
        <section className="card" aria-labelledby="workspace-heading">
          <h2 id="workspace-heading">Workspace</h2>
          <WorkspacePathField value={draft.workspace_path} onChange={(path) => change('workspace_path', path)} />
          <h3 className="card-subheading">Tags</h3>
          <StringListEditor
            label="Tags"
            variant="chips"
            items={draft.tags}
            schema={ZTag}
            maxItems={SESSION_LIMITS.tags}
            placeholder="api"
            onChange={(tags) => change('tags', tags)}
          />
          {draft.parent_session_id && <p className="muted">Forked from another session.</p>}
        </section>
        <RelatedSessionsCard sessionId={draft.session_id} tags={draft.tags} />
        <EditorStateCard state={draft.editor_state} onChange={(state) => change('editor_state', state)} />
        <TerminalsCard state={draft.terminal_state} onChange={(state) => change('terminal_state', state)} />
        <BreakpointsCard breakpoints={draft.breakpoints} onChange={(breakpoints) => change('breakpoints', breakpoints)} />
        <section className="card" aria-labelledby="context-heading">
          <h2 id="context-heading">Context files</h2>
          <StringListEditor
            label="Context files"
            items={draft.context_files}
            schema={ZPath}
            maxItems={SESSION_LIMITS.contextFiles}
            placeholder="docs/architecture.md"
            onChange={(files) => change('context_files', files)}
          />
        </section>
        <MemoryCard memory={draft.memory} onChange={(memory) => change('memory', memory)} />
      </div>
    </div>
  );
}

function WorkspacePathField({ value, onChange }: { value: string | null; onChange(path: string | null): void }) {
  const [text, setText] = useState(value ?? '');
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value ?? '');
  }
  return (
    <div className="field">
      <label htmlFor="workspace-path">Workspace path</label>
      <input
        id="workspace-path"
        type="text"
        placeholder="/home/me/project"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const path = event.target.value.trim();
          if (path === '') onChange(null);
          else if (ZPath.safeParse(path).success) onChange(path);
        }}
      />
    </div>
  );
}
