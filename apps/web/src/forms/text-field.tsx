import { useId, type InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  error?: string | undefined;
  hint?: string;
}

/** A labelled input whose error line is always reserved, so messages never shift the layout. */
export function TextField({ label, error, hint, ...input }: TextFieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" aria-invalid={error ? true : undefined} aria-describedby={messageId} {...input} />
      <p id={messageId} className={error ? 'field-message field-error' : 'field-message'}>
        {error ?? hint ?? ''}
      </p>
    </div>
  );
}
