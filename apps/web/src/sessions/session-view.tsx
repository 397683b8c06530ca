// The side panel's Session view: the open session's own state beside its files — name, fork and
// delete, workspace path, tags, related sessions, terminals, breakpoints, context files, memory.
// Edits save on their own (the status bar says how that is going).
import { useState } from 'react';
import { SESSION_LIMITS, ZPath, ZSessionName, ZTag } from '@coditect/api/contract';
import { BreakpointsCard } from './breakpoints-card';
import { MemoryCard } from './memory-card';
import type { ReadySession } from './open-session';
import { RelatedSessionsCard } from './related-sessions-card';
import { SessionActions } from './session-actions';
import { ShareControl } from './share-control';
import { StringListEditor } from './string-list-editor';
import { TerminalsCard } from './terminals-card';
import { useSharedSessions } from './use-shared-sessions';

export function SessionView({ open }: { open: ReadySession }) {
  // Someone else's shared session: its settings stay its owner's (the server would answer 404).
  if (!open.access.owned) return <SharedSessionInfo open={open} />;
  // Remounted when the server's state replaced this tab's, so the fields show it.
  return <SessionFields key={open.reloads} open={open} />;
}

function SharedSessionInfo({ open }: { open: ReadySession }) {
  const { shared } = useSharedSessions();
  const entry = shared.data?.sessions.find((each) => each.session_id === open.sessionId);
  return (
    <div className="session-view">
      <section className="card" aria-labelledby="shared-session-heading">
        <h2 id="shared-session-heading">{open.session.name}</h2>
        <p>
          {entry ? <>Shared by {entry.owner.full_name}</> : 'Shared with the organisation'}
          {' · '}
          {open.access.mayWriteFiles ? 'you may edit its files' : 'read only'}
        </p>
        <p className="muted">Its terminals, agent tasks, chat and settings stay with its owner.</p>
      </section>
    </div>
  );
}

function SessionFields({ open }: { open: ReadySession }) {
  const { session, change } = open;
  const [nameText, setNameText] = useState(session.name);
  const { inOrganisation } = useSharedSessions();
  const nameError = ZSessionName.safeParse(nameText).success ? null : 'A session needs a name';

  return (
    <div className="session-view">
      <div className="session-title">
        <label htmlFor="session-name" className="field-label">
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
      <SessionActions sessionId={session.session_id} name={session.name} autosave={open.autosave} />
      {inOrganisation && <ShareControl sessionId={session.session_id} sharing={open.access.sharing} />}
      <section className="card" aria-labelledby="workspace-heading">
        <h2 id="workspace-heading">Workspace</h2>
        <WorkspacePathField value={session.workspace_path} onChange={(path) => change('workspace_path', path)} />
        <h3 className="card-subheading">Tags</h3>
        <StringListEditor
          label="Tags"
          variant="chips"
          items={session.tags}
          schema={ZTag}
          maxItems={SESSION_LIMITS.tags}
          placeholder="api"
          onChange={(tags) => change('tags', tags)}
        />
        {session.parent_session_id && <p className="muted">Forked from another session.</p>}
      </section>
      <RelatedSessionsCard sessionId={session.session_id} tags={session.tags} />
      <TerminalsCard sessionId={session.session_id} />
      <BreakpointsCard breakpoints={session.breakpoints} onChange={(breakpoints) => change('breakpoints', breakpoints)} />
      <section className="card" aria-labelledby="context-heading">
        <h2 id="context-heading">Context files</h2>
        <StringListEditor
          label="Context files"
          items={session.context_files}
          schema={ZPath}
          maxItems={SESSION_LIMITS.contextFiles}
          placeholder="docs/architecture.md"
          onChange={(files) => change('context_files', files)}
        />
      </section>
      <MemoryCard memory={session.memory} onChange={(memory) => change('memory', memory)} />
    </div>
  );
}

function WorkspacePathField({ value, onChange }: { value: string | null; onChange(path: string | null): void }) {
  const [text, setText] = useState(value ?? '');
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
