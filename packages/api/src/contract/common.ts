// Schema pieces shared by several domains.
import { z } from 'zod';

export const ZId = z.uuid();
export const ZTimestamp = z.iso.datetime({ offset: true });

/** What a REST call answers as `{"success": true, "message": ...}`. */
export const ZMessageResponse = z.object({ message: z.string() });
export type TMessageResponse = z.infer<typeof ZMessageResponse>;

/** Any JSON value (settings values, memory facts). */
export const ZJsonValue: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(ZJsonValue), z.record(z.string(), ZJsonValue)]))
  // Names the recursive schema in generated JSON Schema / OpenAPI ($defs/JsonValue).
  .meta({ id: 'JsonValue' });
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Limit/offset query numbers: integers within bounds (REST query strings are converted by the shim). */
export function pageLimit(defaultValue: number, max: number) {
  return z.number().int().min(1).max(max).default(defaultValue);
}

const utf8 = new TextEncoder();
/** UTF-8 byte length (works in the browser too, unlike Buffer.byteLength). */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}
