// Field messages from the contract's zod schemas, so the browser says exactly what the server
// would (same rules, same words) before a request is sent.
import type { z } from 'zod';

/** By field path ("first_name"); "" holds an error about the form as a whole. */
export type FieldErrors = Record<string, string>;

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function validateWith<TSchema extends z.ZodType>(schema: TSchema, input: unknown): Validation<z.output<TSchema>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return { ok: false, errors };
}
