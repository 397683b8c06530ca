// zod schemas → JSON Schema (2020-12, OpenAPI 3.1's dialect) for the OpenAPI document. zod puts
// recursive and named schemas in a local `$defs`; inside one big document `#/$defs/...` would point
// at the document root, so those move to `components.schemas` and every reference follows them.
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const LOCAL_REF = '#/$defs/';
const COMPONENT_REF = '#/components/schemas/';

export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /**
   * `owner` names zod's anonymous definitions (`__schema0` → `<owner>Schema0`); definitions with an
   * id (`.meta({ id })`) keep it, and must mean the same schema wherever they appear.
   */
  convert(schema: z.ZodType, io: 'input' | 'output', owner: string): JsonSchema {
    const {
      $schema: _dialect,
      $defs,
      ...root
    } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    const names = new Map<string, string>();
    for (const local of Object.keys($defs ?? {})) {
      names.set(local, local.startsWith('__schema') ? `${owner}${local.replace('__schema', 'Schema')}` : local);
    }
    for (const [local, definition] of Object.entries($defs ?? {})) {
      const name = names.get(local)!;
      const rewritten = coversEveryJsonType(definition) ? { ...ANY_JSON } : (rewriteRefs(definition, names) as JsonSchema);
      const existing = this.schemas[name];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
        throw new Error(`Two different schemas are both named "${name}" in the OpenAPI document`);
      }
      this.schemas[name] = rewritten;
    }
    return rewriteRefs(root, names) as JsonSchema;
  }
}

/**
 * A union of all six JSON types (zod's recursive JsonValue) accepts any JSON value, which is what
 * the empty schema says. Client generators cannot type the recursive spelling (openapi-typescript
 * makes it a self-referencing alias TypeScript rejects), so the document uses the plain one.
 */
const ANY_JSON: JsonSchema = { description: 'Any JSON value' };
const JSON_TYPES = ['string', 'number', 'boolean', 'null', 'array', 'object'];

function coversEveryJsonType(definition: JsonSchema): boolean {
  const members = definition.anyOf;
  if (!Array.isArray(members)) return false;
  const types = new Set(members.map((member: JsonSchema) => (member.type === 'integer' ? 'number' : member.type)));
  return JSON_TYPES.every((type) => types.has(type));
}

function rewriteRefs(node: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, names));
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  // zod spells out RFC 3339 as a long regex; `format` says the same, and renderers make examples
  // from a pattern (unreadable ones, from that regex).
  const dateTime = (node as JsonSchema).format === 'date-time';
  for (const [key, value] of Object.entries(node)) {
    if (dateTime && key === 'pattern') continue;
    if (key === '$ref' && value === '#') {
      throw new Error('A recursive top-level schema needs an id (.meta({ id })) to appear in the OpenAPI document');
    }
    if (key === '$ref' && typeof value === 'string' && value.startsWith(LOCAL_REF)) {
      const local = value.slice(LOCAL_REF.length);
      copy[key] = `${COMPONENT_REF}${names.get(local) ?? local}`;
    } else {
      copy[key] = rewriteRefs(value, names);
    }
  }
  return copy;
}
