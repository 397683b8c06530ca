// What of a request may enter the audit trail: its input with every secret replaced, bounded in
// size. Secrets are recognised by field name (password, token, secret, authorization, api key...)
// and by shape — a JWT, an Argon2 hash, this product's API keys (`cdk_…`), a `Bearer …`
// credential — inside any string, so a secret pasted into a free-text field is caught too.
import type { JsonValue } from '../../contract/common';

export const REDACTED = '[REDACTED]';

/**
 * `value` with `fields` replaced by a marker giving only their size (operation meta
 * `audit.omitInput`: a file's contents, an upload's body never enter the trail).
 */
export function omitFields(value: unknown, fields: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of fields) {
    if (!(field in copy)) continue;
    const omitted = copy[field];
    copy[field] = typeof omitted === 'string' ? `[OMITTED: ${omitted.length} characters]` : '[OMITTED]';
  }
  return copy;
}

/** The named fields of an answer that are plain JSON scalars (operation meta `audit.outputDetails`). */
export function pickDetails(value: unknown, fields: readonly string[]): Record<string, JsonValue> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const picked: Record<string, JsonValue> = {};
  for (const field of fields) {
    const item = (value as Record<string, unknown>)[field];
    if (item === null || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) picked[field] = item;
    else if (typeof item === 'string') picked[field] = item.slice(0, 4096);
  }
  return picked;
}

/** Whole words of a snake_case key (camelCase and kebab-case keys are converted first). */
const SECRET_WORD =
  /(?:^|_)(?:pass(?:word|phrase)?|pwd|secret|token|jwt|cookie|authori[sz]ation|api_?key|credentials?|private_?key)(?:_|$)/;
const SECRET_SHAPE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+|\$argon2(?:id|i|d)\$[^\s"']*|\bcdk_[\w-]{8,}|\bbearer\s+[^\s"',;]+/gi;
const MAX_DEPTH = 6;
const MAX_STRING = 1000;
const MAX_ITEMS = 50;
/** Characters of strings kept per entry, so an entry stays far below the store's value limit. */
const MAX_TOTAL_CHARS = 8000;

/** A JSON copy of `value` safe to store; `null` for no input. */
export function redactSecrets(value: unknown): JsonValue {
  return copy(value, 0, { chars: 0 });
}

interface Budget {
  chars: number;
}

function copy(value: unknown, depth: number, budget: Budget): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return keep(value, budget);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  if (depth >= MAX_DEPTH || budget.chars >= MAX_TOTAL_CHARS) return '[TRUNCATED]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => copy(item, depth + 1, budget));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more items]`);
    return items;
  }
  const result: Record<string, JsonValue> = {};
  let fields = 0;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (fields++ >= MAX_ITEMS) {
      result['[TRUNCATED]'] = `${Object.keys(value).length - MAX_ITEMS} more fields`;
      break;
    }
    result[keep(key, budget)] = isSecretField(key) ? REDACTED : copy(field, depth + 1, budget);
  }
  return result;
}

export function isSecretField(key: string): boolean {
  return SECRET_WORD.test(
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/-/g, '_')
      .toLowerCase(),
  );
}

/** The string clipped to its share of the budget, with secret-shaped parts replaced. */
function keep(text: string, budget: Budget): string {
  const room = Math.max(0, Math.min(MAX_STRING, MAX_TOTAL_CHARS - budget.chars));
  // Redact before clipping, so a clip cannot cut a token into a shape no longer recognised.
  const redacted =
    text.length > room + 2000 ? text.slice(0, room + 2000).replace(SECRET_SHAPE, REDACTED) : text.replace(SECRET_SHAPE, REDACTED);
  const clipped = redacted.length > room ? `${redacted.slice(0, room)}…[${text.length - room} more characters]` : redacted;
  budget.chars += clipped.length;
  return clipped;
}
