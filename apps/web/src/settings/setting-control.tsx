// One setting's input, chosen by its definition; invalid input is explained and not applied.
import { useId, useState } from 'react';
import type { JsonValue } from '@coditect/api/contract';
import { TEXT_SETTING_MAX_CHARS, type NumberSetting, type SettingDefinition } from './settings-catalog';

interface SettingControlProps {
  definition: SettingDefinition;
  value: JsonValue;
  isDefault: boolean;
  onChange(value: JsonValue): void;
  onReset(): void;
}

export function SettingControl({ definition, value, isDefault, onChange, onReset }: SettingControlProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const [error, setError] = useState<string | null>(null);

  let control;
  switch (definition.control) {
    case 'number':
      control = (
        <NumberInput
          id={id}
          messageId={messageId}
          definition={definition}
          value={Number(value)}
          onValid={onChange}
          onError={setError}
        />
      );
      break;
    case 'toggle':
      control = (
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={value === true}
          aria-describedby={messageId}
          onChange={(event) => onChange(event.target.checked)}
        />
      );
      break;
    case 'choice':
      control = (
        <select id={id} value={String(value)} aria-describedby={messageId} onChange={(event) => onChange(event.target.value)}>
          {definition.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'text':
      control = (
        <input
          id={id}
          type="text"
          value={String(value)}
          placeholder={definition.placeholder}
          maxLength={TEXT_SETTING_MAX_CHARS}
          aria-describedby={messageId}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    case 'color':
      control = (
        <input
          id={id}
          type="color"
          value={String(value)}
          aria-describedby={messageId}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
  }

  return (
    <div className="setting">
      <label htmlFor={id} className="setting-label">
        {definition.label}
      </label>
      <div className="setting-input">
        {control}
        {definition.control === 'number' && definition.unit && <span className="setting-unit">{definition.unit}</span>}
        <button type="button" className="button button-quiet" onClick={onReset} disabled={isDefault}>
          Reset
        </button>
      </div>
      <p id={messageId} className={error ? 'field-message field-error' : 'field-message'}>
        {error ?? definition.description ?? ''}
      </p>
    </div>
  );
}

function NumberInput(props: {
  id: string;
  messageId: string;
  definition: NumberSetting;
  value: number;
  onValid(value: number): void;
  onError(message: string | null): void;
}) {
  const { id, messageId, definition, value, onValid, onError } = props;
  // The text as typed: "1" on the way to "14" must not be rejected and overwritten.
  const [text, setText] = useState(String(value));
  const [lastApplied, setLastApplied] = useState(value);
  if (value !== lastApplied) {
    setLastApplied(value);
    setText(String(value));
  }
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      min={definition.min}
      max={definition.max}
      step={definition.step}
      value={text}
      aria-describedby={messageId}
      onChange={(event) => {
        setText(event.target.value);
        const parsed = definition.schema.safeParse(event.target.value === '' ? NaN : Number(event.target.value));
        if (parsed.success) {
          onError(null);
          setLastApplied(parsed.data);
          onValid(parsed.data);
        } else {
          onError(`Enter a number from ${definition.min} to ${definition.max}`);
        }
      }}
    />
  );
}
