// An editable list of strings (paths, tags, decisions): remove any, add one checked by a contract
// schema.
import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { RemoveButton } from './remove-button';

interface StringListEditorProps {
  /** Names the list and its controls ("Open files" → "Add to open files", "Remove a.ts"). */
  label: string;
  items: readonly string[];
  onChange(items: string[]): void;
  schema: z.ZodType<string>;
  placeholder: string;
  maxItems: number;
  variant?: 'rows' | 'chips';
}

export function StringListEditor(props: StringListEditorProps) {
  const { label, items, onChange, schema, placeholder, maxItems, variant = 'rows' } = props;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    const parsed = schema.safeParse(text.trim());
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Not valid');
      return;
    }
    if (items.includes(parsed.data)) {
      setError('Already in the list');
      return;
    }
    if (items.length >= maxItems) {
      setError(`At most ${maxItems}`);
      return;
    }
    onChange([...items, parsed.data]);
    setText('');
    setError(null);
  };

  return (
    <div className={`list-editor list-editor-${variant}`}>
      {items.length === 0 ? (
        <p className="list-empty">None yet</p>
      ) : (
        <ul aria-label={label}>
          {items.map((item) => (
            <li key={item} className="list-item">
              <span className="list-item-text">{item}</span>
              <RemoveButton label={`Remove ${item}`} onRemove={() => onChange(items.filter((each) => each !== item))} />
            </li>
          ))}
        </ul>
      )}
      <form className="list-add" onSubmit={add} noValidate>
        <label htmlFor={inputId} className="visually-hidden">
          Add to {label.toLowerCase()}
        </label>
        <input
          id={inputId}
          type="text"
          value={text}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <p className="field-message field-error">{error ?? ''}</p>
    </div>
  );
}
