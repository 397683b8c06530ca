import { useEffect, useRef } from 'react';
import { ZCreateSessionRequest, type TWorkspaceSession } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useSchemaForm } from '../forms/use-schema-form';

/** Tags are typed as a comma list; the schema checks each one. */
function toCreateInput({ name, tags }: Record<'name' | 'tags', string>) {
  const tagList = tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return tagList.length > 0 ? { name, tags: tagList } : { name };
}

export function NewSessionForm({ onCreated, onCancel }: { onCreated(session: TWorkspaceSession): void; onCancel(): void }) {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZCreateSessionRequest, { name: '', tags: '' }, toCreateInput);
  const create = trpc.sessions.create.useMutation({
    onSuccess: (session) => {
      utils.sessions.get.setData({ session_id: session.session_id }, session);
      void utils.sessions.list.invalidate();
      onCreated(session);
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);
  const failure = create.error ? describeApiError(create.error) : null;
  const tagsError = Object.entries(form.errors).find(([path]) => path.startsWith('tags'))?.[1];

  return (
    <form
      className="new-session"
      aria-label="New session"
      noValidate
      onSubmit={form.onSubmit((data) => create.mutate(data))}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label className="visually-hidden" htmlFor="new-session-name">
        New session name
      </label>
      <input
        id="new-session-name"
        ref={nameInput}
        type="text"
        placeholder="Session name"
        aria-invalid={form.errors.name ? true : undefined}
        {...form.input('name')}
      />
      <label className="visually-hidden" htmlFor="new-session-tags">
        New session tags (comma-separated)
      </label>
      <input id="new-session-tags" type="text" placeholder="Tags, comma-separated" {...form.input('tags')} />
      <p className="field-message field-error" role={form.errors.name || tagsError || failure ? 'alert' : undefined}>
        {form.errors.name ?? tagsError ?? failure?.message ?? ''}
      </p>
      <div className="new-session-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
