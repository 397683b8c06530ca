// Form state for text inputs validated by a contract schema: errors appear on submit, then follow
// the user's typing; the server's field errors show until that field is edited.
import { useCallback, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import type { z } from 'zod';
import { validateWith, type FieldErrors } from './field-errors';

export interface SchemaForm<TField extends string, TOutput> {
  values: Record<TField, string>;
  errors: FieldErrors;
  setValue(field: TField, value: string): void;
  /** Props for an input bound to `field`. */
  input(field: TField): { name: TField; value: string; onChange(event: ChangeEvent<HTMLInputElement>): void };
  /** Shows field errors the server answered with (VALIDATION_ERROR details). */
  setServerErrors(errors: FieldErrors): void;
  reset(values?: Record<TField, string>): void;
  onSubmit(handler: (data: TOutput) => void): (event: FormEvent) => void;
}

export function useSchemaForm<TSchema extends z.ZodType, TField extends string>(
  schema: TSchema,
  initialValues: Record<TField, string>,
  /** Turns the text values into the schema's input (e.g. leaves out empty optional fields). */
  toInput: (values: Record<TField, string>) => unknown = (values) => values,
): SchemaForm<TField, z.output<TSchema>> {
  const [values, setValues] = useState(initialValues);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  const clientErrors = useMemo(() => {
    if (!submitted) return {};
    const result = validateWith(schema, toInput(values));
    return result.ok ? {} : result.errors;
  }, [schema, submitted, toInput, values]);

  const setValue = useCallback((field: TField, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setServerErrors((previous) => {
      if (!(field in previous) && !('' in previous)) return previous;
      const { [field]: _edited, '': _form, ...rest } = previous;
      return rest;
    });
  }, []);

  return {
    values,
    errors: { ...serverErrors, ...clientErrors },
    setValue,
    input: (field) => ({ name: field, value: values[field], onChange: (event) => setValue(field, event.target.value) }),
    setServerErrors,
    reset(next = initialValues) {
      setValues(next);
      setSubmitted(false);
      setServerErrors({});
    },
    onSubmit: (handler) => (event) => {
      event.preventDefault();
      setSubmitted(true);
      const result = validateWith(schema, toInput(values));
      if (result.ok) handler(result.data);
    },
  };
}
