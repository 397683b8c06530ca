// The REST shim: /api/v5/... → the same procedures tRPC serves, wrapped in the seeds' envelope
// ({"success": true, "data" | "message"} / {"success": false, "error": {...}}).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, auditRefusedRequest, errorBody, toAppError, unknownFields, type ApiContext } from '@coditect/api';
import type { ProcedureInvoker } from '../trpc/trpc-internals';
import { parseJsonBody, readBody } from '../http/request-body';
import { sendJson, type HeaderMap } from '../http/json-response';
import { addRateLimitHeaders } from '../http/rate-limit-headers';
import { coerceQuery, coerceText } from './input-coercion';
import type { RestRoute, RouteTable } from './route-table';

export interface RestHandlerOptions {
  routes: RouteTable;
  invoke: ProcedureInvoker;
  bodyLimit: number;
  createContext: (req: IncomingMessage) => ApiContext;
  onInternalError: (error: unknown, req: IncomingMessage) => void;
}

export type RestHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: string) => Promise<void>;

export function createRestHandler(options: RestHandlerOptions): RestHandler {
  const { routes, invoke, bodyLimit, createContext, onInternalError } = options;

  return async function handleRest(req, res, path, query) {
    const ctx = createContext(req);
    let procedurePath: string | undefined;
    let invoked = false;
    try {
      const lookup = routes.lookup(req.method ?? 'GET', path);
      if (lookup.kind === 'not_found') {
        throw new AppError('NOT_FOUND', `No route for ${req.method} /api/v5${path}`);
      }
      if (lookup.kind === 'method_not_allowed') {
        res.setHeader('allow', lookup.allowed.join(', '));
        throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${lookup.allowed.join(', ')}`);
      }
      const { route, params } = lookup.match;
      procedurePath = route.procedurePath;
      const input = await assembleInput(req, route, params, query, bodyLimit);
      invoked = true; // from here on the procedure's own middleware audits the call
      const data = await invoke(route.procedurePath, ctx, input);
      sendSuccess(res, route, data, addRateLimitHeaders({}, ctx.request.rateLimit));
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL_ERROR') onInternalError(error, req);
      sendError(res, appError, addRateLimitHeaders({}, ctx.request.rateLimit));
      if (!invoked) void auditRefusedRequest(ctx, appError, procedurePath);
    }
  };
}

async function assembleInput(
  req: IncomingMessage,
  route: RestRoute,
  params: Record<string, string>,
  query: string,
  bodyLimit: number,
): Promise<unknown> {
  let input: Record<string, unknown> | undefined;
  if (route.method !== 'GET') {
    const body = parseJsonBody(await readBody(req, bodyLimit));
    if (body !== undefined) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new AppError('VALIDATION_ERROR', 'Request body must be a JSON object');
      }
      input = acceptCamelCase(body as Record<string, unknown>);
    }
  }
  if (query.length > 0) {
    input = { ...input, ...coerceQuery(new URLSearchParams(query), route.fieldKinds) };
  }
  for (const [header, field] of Object.entries(route.rest.headerInputs ?? {})) {
    const value = req.headers[header];
    // `If-Match: *` asks only that the resource exist, which the operation checks anyway.
    if (typeof value === 'string' && value.length > 0 && value.trim() !== '*') {
      input = { ...input, [field]: coerceText(unquoteEntityTag(value), route.fieldKinds.get(field)?.kind ?? 'string') };
    }
  }
  if (route.params.length > 0) {
    input = { ...input };
    for (const [, field] of route.params) {
      const value = params[field]!;
      input[field] = coerceText(value, route.fieldKinds.get(field)?.kind ?? 'string');
    }
  }
  if (!route.takesInput && input !== undefined && Object.keys(input).length > 0) {
    throw new AppError('VALIDATION_ERROR', 'Invalid input', [unknownFields('', Object.keys(input))]);
  }
  return input;
}

/** Older clients send camelCase fields; the contract is snake_case (docs/api-rules.md#envelope-and-errors). */
function acceptCamelCase(body: Record<string, unknown>): Record<string, unknown> {
  let converted: Record<string, unknown> | undefined;
  for (const key of Object.keys(body)) {
    if (!/[A-Z]/.test(key)) continue;
    const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (snake in body) continue;
    converted ??= { ...body };
    converted[snake] = body[key];
    delete converted[key];
  }
  return converted ?? body;
}

/** `"3"` or `W/"3"` → `3`. */
function unquoteEntityTag(value: string): string {
  return value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

function sendSuccess(res: ServerResponse, route: RestRoute, data: unknown, headers: HeaderMap): void {
  const { etagField, envelope, successStatus } = route.rest;
  if (etagField && typeof data === 'object' && data !== null) {
    const tag = (data as Record<string, unknown>)[etagField];
    if (typeof tag === 'number' || typeof tag === 'string') headers.etag = `"${tag}"`;
  }
  const body =
    envelope === 'message'
      ? JSON.stringify({ success: true, message: (data as { message: string }).message })
      : JSON.stringify({ success: true, data });
  sendJson(res, successStatus ?? 200, body, headers);
}

export function sendError(res: ServerResponse, error: AppError, headers: HeaderMap = {}): void {
  if (error.retryAfter !== undefined) headers['retry-after'] = error.retryAfter;
  if (error.code === 'PAYLOAD_TOO_LARGE') headers.connection = 'close';
  sendJson(res, error.status, JSON.stringify({ success: false, error: errorBody(error) }), headers);
}
