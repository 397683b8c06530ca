// The REST shim: /api/v5/... → the same procedures tRPC serves, wrapped in the seeds' envelope
// ({"success": true, "data" | "message"} / {"success": false, "error": {...}}). Driven by each
// operation's REST meta only: path parameters and a trailing wildcard, query and header inputs,
// a raw request body handed over as a stream (`rawBody`), an answer streamed as bytes (`streamed`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AppError,
  RequestBody,
  StreamedBody,
  auditRefusedRequest,
  errorBody,
  toAppError,
  unknownFields,
  type ApiContext,
  type ByteStream,
} from '@coditect/api';
import type { ProcedureInvoker } from '../trpc/trpc-internals';
import { declaredLength, parseJsonBody, payloadTooLarge, readBody } from '../http/request-body';
import { sendJson, type HeaderMap, type NumberedResponse } from '../http/json-response';
import { BASE_SECURITY_HEADERS } from '../http/security-headers';
import { addRateLimitHeaders } from '../http/rate-limit-headers';
import { coerceQuery, coerceText } from './input-coercion';
import type { RestRoute, RouteTable } from './route-table';
import { wantsEventStream, type EventStreamHandler } from './task-event-stream';

export interface RestHandlerOptions {
  routes: RouteTable;
  invoke: ProcedureInvoker;
  bodyLimit: number;
  /** A procedure's own body limit (its meta may name a larger one than `bodyLimit`). */
  bodyLimitFor?: (procedurePath: string) => number;
  createContext: (req: IncomingMessage) => ApiContext;
  onInternalError: (error: unknown, req: IncomingMessage) => void;
  /** Event streams of operations declaring `rest.eventStream`, by procedure path. */
  eventStreams?: Readonly<Record<string, EventStreamHandler>>;
}

export type RestHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: string) => Promise<void>;

export function createRestHandler(options: RestHandlerOptions): RestHandler {
  const { routes, invoke, bodyLimit, createContext, onInternalError } = options;
  const bodyLimitFor = options.bodyLimitFor ?? (() => bodyLimit);

  return async function handleRest(req, res, path, query) {
    const ctx = createContext(req);
    // This transport carries raw bodies and streamed answers (operations declaring them run here only).
    ctx.request.byteStreams = true;
    let procedurePath: string | undefined;
    let invoked = false;
    let route: RestRoute | undefined;
    try {
      const search = new URLSearchParams(query);
      // HEAD is GET without the body (Node's response leaves it out).
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const lookup = routes.lookup(method, path, search);
      if (lookup.kind === 'not_found') {
        throw new AppError('NOT_FOUND', `No route for ${req.method} /api/v5${path}`);
      }
      if (lookup.kind === 'method_not_allowed') {
        const allowed = lookup.allowed.includes('GET') ? [...lookup.allowed, 'HEAD'] : lookup.allowed;
        res.setHeader('allow', allowed.join(', '));
        throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allowed.join(', ')}`);
      }
      if (lookup.kind === 'invalid_path') {
        throw new AppError('VALIDATION_ERROR', 'The path is not valid percent-encoding', [
          { path: lookup.field, message: 'Not valid percent-encoding' },
        ]);
      }
      route = lookup.match.route;
      procedurePath = route.procedurePath;
      (req as IncomingMessage & { operation?: string }).operation = procedurePath;
      const input = await assembleInput(req, route, lookup.match.params, search, bodyLimitFor(route.procedurePath));
      invoked = true; // from here on the procedure's own middleware audits the call
      const eventStream = route.rest.eventStream && options.eventStreams?.[route.procedurePath];
      if (eventStream && wantsEventStream(req)) {
        const path = route.procedurePath;
        await eventStream({
          req,
          res,
          ctx,
          input: (input ?? {}) as Record<string, unknown>,
          page: (pageInput) => invoke(path, ctx, pageInput),
          headers: () => addRateLimitHeaders({}, ctx.request.rateLimit),
        });
        return;
      }
      const data = await invoke(route.procedurePath, ctx, input);
      const headers = addRateLimitHeaders(unreadBodyHeaders(req, route), ctx.request.rateLimit);
      if (data instanceof StreamedBody) await sendStream(res, data, headers, (error) => onInternalError(error, req));
      else sendSuccess(res, route, data, headers);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL_ERROR') onInternalError(error, req);
      if (res.headersSent) res.destroy();
      else sendError(res, appError, addRateLimitHeaders(unreadBodyHeaders(req, route), ctx.request.rateLimit));
      if (!invoked) void auditRefusedRequest(ctx, appError, procedurePath);
    }
  };
}

/**
 * A raw body the operation did not read to its end (refused early, or failed part-way) is not
 * drained: the connection closes after the answer instead.
 */
function unreadBodyHeaders(req: IncomingMessage, route: RestRoute | undefined): HeaderMap {
  return route?.rest.rawBody && !req.readableEnded ? { connection: 'close' } : {};
}

/** The request's body as a stream cut off with PAYLOAD_TOO_LARGE past `limit` bytes. */
function limitedBody(req: IncomingMessage, limit: number): ByteStream {
  if (declaredLength(req) > limit) throw payloadTooLarge(limit);
  async function* chunks(): AsyncGenerator<Buffer> {
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw payloadTooLarge(limit);
      yield chunk;
    }
  }
  const body = Readable.from(chunks(), { objectMode: false });
  // Its reader gets the error through iteration; the event must not also go unheard once the
  // reader has stopped (it would be an uncaught exception).
  body.on('error', () => undefined);
  return body;
}

/**
 * The first `size` bytes of `stream`, the Content-Length already sent: a file that grew while it
 * was sent is cut there (more bytes would corrupt the connection's framing), one that shrank fails
 * (the connection closes rather than leave the client waiting for bytes that never come).
 */
export async function* exactly(stream: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for await (const chunk of stream) {
    const room = size - sent;
    if (room <= 0) break;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    sent += part.length;
    yield part;
  }
  if (sent < size) throw new Error(`The file shrank while it was sent (${sent} of ${size} bytes)`);
}

/** `attachment` with an ASCII fallback name and the exact one in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * A streamed answer: its bytes as the body, always as an attachment (nothing from a workspace may
 * render on this origin: with nosniff and the base CSP). A failure after the headers went out can
 * only cut the response short.
 */
async function sendStream(
  res: ServerResponse,
  body: StreamedBody,
  headers: HeaderMap,
  onFailure: (error: unknown) => void,
): Promise<void> {
  const { init } = body;
  const all: HeaderMap = {
    'x-request-id': (res as NumberedResponse).requestId ?? '',
    ...BASE_SECURITY_HEADERS,
    'content-type': init.contentType,
    'content-disposition': contentDisposition(init.fileName),
    'cache-control': 'private, no-store',
    ...headers,
  };
  if (init.size !== undefined) all['content-length'] = init.size;
  if (init.etag !== undefined) all.etag = `"${init.etag}"`;
  if (res.hasHeader('vary')) all.vary = String(res.getHeader('vary'));
  res.writeHead(200, all);
  try {
    await pipeline(init.size === undefined ? init.stream : exactly(init.stream, init.size), res);
  } catch (error) {
    res.destroy();
    init.stream.destroy();
    // The client going away is not a failure of ours.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') onFailure(error);
  }
}

async function assembleInput(
  req: IncomingMessage,
  route: RestRoute,
  params: Record<string, string>,
  search: URLSearchParams,
  bodyLimit: number,
): Promise<unknown> {
  let input: Record<string, unknown> | undefined;
  const raw = route.rest.rawBody;
  if (raw) {
    const length = declaredLength(req);
    input = {
      [raw.field]: new RequestBody(req.headers['content-type'], length > 0 ? length : undefined, limitedBody(req, bodyLimit)),
    };
  } else if (route.method !== 'GET') {
    assertJsonBody(req);
    const body = parseJsonBody(await readBody(req, bodyLimit));
    if (body !== undefined) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new AppError('VALIDATION_ERROR', 'Request body must be a JSON object');
      }
      input = acceptCamelCase(body as Record<string, unknown>);
    }
  }
  // The parameters that selected this operation (`when`) are not input; a raw body is not a query field.
  const selectors = Object.keys(route.rest.when ?? {});
  for (const name of [...selectors, ...(raw ? [raw.field] : [])]) search.delete(name);
  if (search.size > 0) {
    input = { ...input, ...coerceQuery(search, route.fieldKinds) };
  }
  for (const [header, field] of Object.entries(route.rest.headerInputs ?? {})) {
    const value = req.headers[header];
    // `If-Match: *` asks only that the resource exist, which the operation checks anyway.
    if (typeof value === 'string' && value.length > 0 && value.trim() !== '*') {
      const fromHeader = coerceText(unquoteEntityTag(value), route.fieldKinds.get(field)?.kind ?? 'string');
      const fromBody = input?.[field];
      // Two answers to one question: refuse rather than pick one.
      if (fromBody !== undefined && fromBody !== fromHeader) {
        throw new AppError('VALIDATION_ERROR', `The ${header} header and ${field} disagree`, [
          { path: field, message: `${header} says ${JSON.stringify(fromHeader)}, the body ${JSON.stringify(fromBody)}` },
        ]);
      }
      input = { ...input, [field]: fromHeader };
    }
  }
  if (route.params.length > 0 || route.wildcard !== undefined) {
    input = { ...input };
    for (const [, field] of route.params) {
      const value = params[field]!;
      input[field] = coerceText(value, route.fieldKinds.get(field)?.kind ?? 'string');
    }
    // The wildcard's remainder is a path: text whatever it looks like.
    if (route.wildcard !== undefined) input[route.wildcard] = params[route.wildcard]!;
  }
  if (!route.takesInput && input !== undefined && Object.keys(input).length > 0) {
    throw new AppError('VALIDATION_ERROR', 'Invalid input', [unknownFields('', Object.keys(input))]);
  }
  return input;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/** A body must be JSON: one declared as anything else (text/plain, a form) gets 415. No declared type is taken as JSON. */
function assertJsonBody(req: IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type === undefined) return;
  const media = type.split(';', 1)[0]!.trim();
  if (media === '' || JSON_MEDIA_TYPE.test(media)) return;
  const hasBody = declaredLength(req) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The body must be JSON (Content-Type: application/json), not ${media}`);
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
  if (error.status === 401) headers['www-authenticate'] = wwwAuthenticate(error);
  if (error.code === 'PAYLOAD_TOO_LARGE') headers.connection = 'close';
  sendJson(res, error.status, JSON.stringify({ success: false, error: errorBody(error) }), headers);
}

/** RFC 6750's challenge: a refused or expired credential is `invalid_token`; a wrong password is no token problem. */
function wwwAuthenticate(error: AppError): string {
  const tokenProblem = error.code === 'UNAUTHORIZED' || error.code === 'TOKEN_EXPIRED' || error.code === 'TOKEN_REUSED';
  return tokenProblem ? 'Bearer realm="coditect", error="invalid_token"' : 'Bearer realm="coditect"';
}
