// The session's memory: facts (name → any JSON value) and decisions (sentences).
import { useState, type FormEvent } from 'react';
import { SESSION_LIMITS, ZMemory, type JsonValue, type TMemory } from '@coditect/api/contract';
import { StringListEditor } from './string-list-editor';
import { RemoveButton } from './remove-button';

/** A fact typed as text: JSON when it parses ("3", "true", "[1,2]"), else the text itself. */
function factValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

export function MemoryCard({ memory, onChange }: { memory: TMemory; onChange(memory: TMemory): void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  const update = (next: TMemory): boolean => {
    const parsed = ZMemory.safeParse(next);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Not valid');
      return false;
    }
    setError(null);
    onChange(parsed.data);
    return true;
  };

  const addFact = (event: FormEvent) => {
    event.preventDefault();
    const name = key.trim();
    if (name === '') {
      setError('Enter a name for the fact');
      return;
    }
    if (update({ ...memory, facts: { ...memory.facts, [name]: factValue(value) } })) {
      setKey('');
      setValue('');
    }
  };

  const facts = Object.entries(memory.facts);
  return (
    <section className="card" aria-labelledby="memory-heading">
      <h2 id="memory-heading">Memory</h2>
      <h3 className="card-subheading">Facts</h3>
      {facts.length === 0 ? (
        <p className="list-empty">None yet</p>
      ) : (
        <ul className="list-editor-rows" aria-label="Facts">
          {facts.map(([name, fact]) => (
            <li key={name} className="list-item">
              <span className="list-item-text">
                <strong>{name}</strong>: <code>{JSON.stringify(fact)}</code>
              </span>
              <RemoveButton
                label={`Remove fact ${name}`}
                onRemove={() => {
                  const { [name]: _removed, ...rest } = memory.facts;
                  update({ ...memory, facts: rest });
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <form className="list-add" onSubmit={addFact} noValidate aria-label="Add a fact">
        <input
          type="text"
          aria-label="Fact name"
          placeholder="database"
          maxLength={SESSION_LIMITS.factKeyChars}
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <input
          type="text"
          aria-label="Fact value"
          placeholder="postgres 16"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <p className="field-message field-error">{error ?? ''}</p>
      <h3 className="card-subheading">Decisions</h3>
      <StringListEditor
        label="Decisions"
        items={memory.decisions}
        schema={ZMemory.shape.decisions.element}
        maxItems={SESSION_LIMITS.decisions}
        placeholder="Use optimistic versions for session edits"
        onChange={(decisions) => update({ ...memory, decisions })}
      />
    </section>
  );
}
