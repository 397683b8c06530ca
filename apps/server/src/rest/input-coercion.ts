// REST carries some inputs as text (query strings, path segments, headers). The procedure's own
// zod input schema, seen through its JSON Schema, says which fields are numbers, booleans or
// lists; text is converted accordingly and anything else stays text for zod to judge.
import { z } from 'zod';

export type FieldKind = 'number' | 'integer' | 'boolean' | 'array' | 'string';
export type InputFieldKinds = ReadonlyMap<string, { kind: FieldKind; items?: FieldKind }>;

interface JsonSchemaNode {
  type?: string | string[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
}

export function describeInputFields(schema: unknown): InputFieldKinds {
  const kinds = new Map<string, { kind: FieldKind; items?: FieldKind }>();
  if (!(schema instanceof z.ZodType)) return kinds;
  let json: JsonSchemaNode;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  } catch {
    return kinds;
  }
  const root = objectNode(json);
  for (const [field, node] of Object.entries(root?.properties ?? {})) {
    const kind = kindOf(node);
    kinds.set(field, kind === 'array' ? { kind, items: kindOf(node.items ?? {}) } : { kind });
  }
  return kinds;
}

function objectNode(node: JsonSchemaNode): JsonSchemaNode | undefined {
  if (node.properties) return node;
  for (const child of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
    const found = objectNode(child);
    if (found) return found;
  }
  return undefined;
}

function kindOf(node: JsonSchemaNode): FieldKind {
  const types = [node.type ?? []].flat().filter((type) => type !== 'null');
  const type = types[0] ?? [...(node.anyOf ?? []), ...(node.oneOf ?? [])].map(kindOf).find((kind) => kind !== 'string');
  switch (type) {
    case 'integer':
    case 'number':
    case 'boolean':
    case 'array':
      return type;
    default:
      return 'string';
  }
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** One text value → the value zod should see for a field of this kind. */
export function coerceText(text: string, kind: FieldKind): unknown {
  switch (kind) {
    case 'integer':
    case 'number':
      return NUMERIC.test(text) ? Number(text) : text;
    case 'boolean':
      // `?recursive=1` as well as `?recursive=true`.
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
    default:
      return text;
  }
}

/** Query string → input object, typed by the field kinds; lists accept `a,b` and repeated keys. */
export function coerceQuery(search: URLSearchParams, kinds: InputFieldKinds): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of new Set(search.keys())) {
    const values = search.getAll(field);
    const kind = kinds.get(field);
    if (kind?.kind === 'array') {
      input[field] = values
        .flatMap((value) => value.split(','))
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
        .map((item) => coerceText(item, kind.items ?? 'string'));
    } else {
      input[field] = coerceText(values[values.length - 1] ?? '', kind?.kind ?? 'string');
    }
  }
  return input;
}
