// Compares a response with a response example from the seed documents: every documented field is
// there with the documented kind of value; examples' placeholders ("uuid", "jwt...", timestamps)
// stand for formats, other strings for "some string". Extra fields are allowed.
import { expect } from 'vitest';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PLACEHOLDER = /^(uuid\d*|new_uuid|parent_uuid)$/;
const TIMESTAMP_EXAMPLE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const JWT_PLACEHOLDER = /^(new_)?(refresh_)?jwt\.\.\.$/;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function expectDocumentedShape(actual: unknown, documented: unknown, path = 'body'): void {
  if (documented === null) return; // a documented null says "nullable", not which type
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    if (documented.length > 0) {
      for (const [index, item] of (actual as unknown[]).entries())
        expectDocumentedShape(item, documented[0], `${path}[${index}]`);
    }
    return;
  }
  if (typeof documented === 'object') {
    expect(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path} is an object`).toBe(true);
    for (const [key, value] of Object.entries(documented)) {
      expect(Object.hasOwn(actual as object, key), `${path}.${key} is present`).toBe(true);
      expectDocumentedShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  if (typeof documented === 'string') {
    expect(typeof actual, `${path} is a string`).toBe('string');
    const text = actual as string;
    if (UUID_PLACEHOLDER.test(documented)) expect(text, `${path} is a UUID`).toMatch(UUID);
    else if (TIMESTAMP_EXAMPLE.test(documented)) expect(Number.isNaN(Date.parse(text)), `${path} is a timestamp`).toBe(false);
    else if (JWT_PLACEHOLDER.test(documented)) expect(text, `${path} is a JWT`).toMatch(JWT);
    return;
  }
  expect(typeof actual, `${path} is a ${typeof documented}`).toBe(typeof documented);
}
