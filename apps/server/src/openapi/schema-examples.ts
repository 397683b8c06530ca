// Examples for the OpenAPI document, made from the same JSON Schemas: a value each schema accepts,
// readable rather than lorem ipsum, so tools that need an example (mock servers, contract-test
// generators) run without one written by hand, and a new operation gets one without anyone
// remembering. Objects carry their required fields (plus the first of any "one of these" set);
// a test parses every example with the operation's own zod schema.
import type { JsonSchema } from './schema-components';

export const EXAMPLE_ID = '3f2c8a4e-9b1d-4c7e-8f6a-2d5b1e9c0a47';
const EXAMPLE_TIME = '2026-01-15T09:30:00.000Z';

/** By field name: what a person would type there. */
const BY_NAME: Record<string, string> = {
  email: 'ada@example.com',
  password: 'correct horse battery staple',
  current_password: 'correct horse battery staple',
  new_password: 'a new, long and memorable passphrase',
  first_name: 'Ada',
  last_name: 'Lovelace',
  company: 'Analytical Engines Ltd',
  name: 'Parser rewrite',
  title: 'Why does the parser drop comments?',
  description: 'Tracking the comment-handling bug in the parser',
  content: 'Where does the tokenizer lose the comment tokens?',
  path: 'src/parser.ts',
  workspace_path: '/workspace/parser',
  query: 'tokenize',
  model: 'gpt-4o-mini',
  ai_provider: 'openai',
  refresh_token: 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl',
  tag: 'parser',
  category: 'editor',
  key: 'font_size',
};

export function exampleOf(schema: JsonSchema, components: Record<string, JsonSchema>, name = '', depth = 0): unknown {
  if (depth > 8) return null;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = components[ref.slice(ref.lastIndexOf('/') + 1)];
    return target ? exampleOf(target, components, name, depth + 1) : null;
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(members) && schema.type === undefined && schema.properties === undefined) {
    const chosen = members.find((member) => member.type !== 'null') ?? members[0];
    return chosen ? exampleOf(chosen, components, name, depth + 1) : null;
  }
  switch (Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type) {
    case 'object':
      return objectExample(schema, components, depth);
    case 'array': {
      const items = schema.items as JsonSchema | undefined;
      const count = Math.max(Number(schema.minItems ?? 1), 1);
      const item = items ? exampleOf(items, components, singular(name), depth + 1) : 'example';
      return Array.from({ length: count }, () => item);
    }
    case 'string':
      return stringExample(schema, name);
    case 'integer':
    case 'number':
      return numberExample(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return 'example';
  }
}

function objectExample(schema: JsonSchema, components: Record<string, JsonSchema>, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const wanted = new Set((schema.required as string[] | undefined) ?? []);
  // "At least one of" / "exactly one of": the first alternative's fields.
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  for (const field of (alternatives?.[0]?.required as string[] | undefined) ?? []) wanted.add(field);
  const example: Record<string, unknown> = {};
  for (const field of wanted) {
    const property = properties[field];
    if (property) example[field] = exampleOf(property, components, field, depth + 1);
  }
  return example;
}

function stringExample(schema: JsonSchema, name: string): string {
  if (schema.format === 'uuid') return EXAMPLE_ID;
  if (schema.format === 'date-time') return EXAMPLE_TIME;
  if (schema.format === 'email') return BY_NAME.email!;
  if (name.endsWith('_id')) return EXAMPLE_ID;
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Infinity);
  let text = BY_NAME[name] ?? (name ? name.replace(/_/g, ' ') : 'example');
  if (text.length < min) text = text.padEnd(min, '.');
  if (text.length > max) text = text.slice(0, max);
  return text;
}

function numberExample(schema: JsonSchema): number {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  if (typeof min === 'number')
    return schema.exclusiveMinimum === min ? min + 1 : Math.max(min, Math.min(1, Number(schema.maximum ?? 1)));
  return 1;
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}
