// tRPC's wire format over node:http without the web Request/Response round trip: queries and
// mutations (single or batched, httpLink / httpBatchLink) are dispatched here directly; streaming
// and subscriptions (SSE, JSONL, non-JSON bodies) go to tRPC's own node adapter on the same path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { TRPCError, getTRPCErrorFromUnknown } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { TRPCResponse } from '@trpc/server/rpc';
import { AppError, auditRefusedRequest, toAppError, type ApiContext } from '@coditect/api';
import type { DirectDispatch, ProcedureType } from './trpc-internals';
import { declaredLength, discardBody, payloadTooLarge, readBody } from '../http/request-body';
import { sendJson, type HeaderMap } from '../http/json-response';
import { addRateLimitHeaders } from '../http/rate-limit-headers';

export interface TrpcHandlerOptions {
  router: AnyTRPCRouter;
  /** The direct dispatch; without it every request goes to tRPC's own adapter. */
  direct: DirectDispatch | undefined;
  bodyLimit: number;
  /** A procedure's own body limit (its meta may name a larger one than `bodyLimit`). */
  bodyLimitFor?: (procedurePath: string) => number;
  createContext: (req: IncomingMessage, connectionParams?: Readonly<Record<string, string | undefined>> | null) => ApiContext;
  onInternalError: (error: unknown, req: IncomingMessage) => void;
  /** Headers every response carries, set before tRPC's own adapter writes one. */
  prepareStreamingResponse: (res: ServerResponse) => void;
}

export type TrpcHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: string) => Promise<void>;

/** A batch is one request but does the work of many; bound it. */
export const MAX_BATCH_SIZE = 50;
const METHOD_FOR_TYPE = { query: 'GET', mutation: 'POST', subscription: 'GET' } as const;
const VARY = 'trpc-accept, accept';

interface Call {
  path: string;
  type: ProcedureType | undefined;
}

export function createTrpcHandler(options: TrpcHandlerOptions): TrpcHandler {
  const { router, direct, bodyLimit, createContext, onInternalError, prepareStreamingResponse } = options;
  /** A request's limit: the largest of its calls' (a batch is read as one body). */
  const limitFor = (paths: readonly string[]) =>
    Math.max(bodyLimit, ...paths.map((path) => options.bodyLimitFor?.(path) ?? bodyLimit));

  function delegate(req: IncomingMessage, res: ServerResponse, path: string, bodyLimit = limitFor(path.split(','))) {
    prepareStreamingResponse(res);
    // Answers may carry tokens or private data; an event stream sets its own (no-cache).
    res.setHeader('cache-control', 'no-store');
    return nodeHTTPRequestHandler({
      router,
      req,
      res,
      path,
      maxBatchSize: MAX_BATCH_SIZE,
      // Counted as tRPC reads the body; a body that declares its size too large never gets here.
      maxBodySize: bodyLimit,
      createContext: ({ info }) => createContext(req, info.connectionParams),
      // tRPC sets its own Vary; keep the one CORS may have set (Origin) beside it.
      responseMeta: () => (res.hasHeader('vary') ? { headers: new Headers([['vary', String(res.getHeader('vary'))]]) } : {}),
      onError: ({ error }) => {
        if (toAppError(error).code === 'INTERNAL_ERROR') onInternalError(error, req);
      },
    });
  }

  /** A failure of the whole request, before any call ran: one error, as tRPC's adapter answers it. */
  function sendRequestError(dispatch: DirectDispatch, res: ServerResponse, error: TRPCError, headers: HeaderMap) {
    const shape = dispatch.errorShape({ error, type: 'unknown', path: undefined, input: undefined, ctx: undefined });
    sendJson(res, (shape.data as { httpStatus: number }).httpStatus, dispatch.serialize({ error: shape }), headers);
  }

  return async function handleTrpc(req, res, rawPath, query) {
    const method = req.method ?? 'GET';
    if (method === 'HEAD') {
      res.writeHead(204).end();
      return;
    }
    if (!direct) {
      await delegate(req, res, decodePath(rawPath));
      return;
    }
    const path = decodePath(rawPath);
    const search = query.length > 0 ? new URLSearchParams(query) : EMPTY_SEARCH;
    const isBatch = search.get('batch') === '1';
    const calls: Call[] = (isBatch ? path.split(',') : [path]).map((callPath) => ({
      path: callPath,
      type: direct.lookup(callPath)?.type,
    }));
    if (calls.length > MAX_BATCH_SIZE) {
      const error = new TRPCError({ code: 'BAD_REQUEST', message: `A batch may carry at most ${MAX_BATCH_SIZE} calls` });
      sendRequestError(direct, res, error, { vary: VARY });
      return;
    }
    const bodyLimit = limitFor(calls.map((call) => call.path));
    if (needsTrpcAdapter(req, calls)) {
      // Refused before the body is parsed (its rest is drained, bounded, so the client reads the
      // answer), then the connection is closed. A failed streaming request is plain JSON, not
      // JSONL: what httpBatchStreamLink reads.
      if (declaredLength(req) > bodyLimit) {
        await discardBody(req);
        sendRequestError(direct, res, tooLarge(payloadTooLarge(bodyLimit)), { vary: VARY, connection: 'close' });
        return;
      }
      await delegate(req, res, path, bodyLimit);
      return;
    }

    // One context for the request's calls; each call's own state (who it authenticated as) is
    // made per call by the procedures' audit middleware, as in tRPC's adapter and the REST shim.
    const ctx = createContext(req);
    const inputs = readInputs(req, search, isBatch, bodyLimit);
    if (inputs instanceof Promise) inputs.catch(() => undefined); // surfaced per call below

    const runCall = async (call: Call, index: number): Promise<TRPCResponse> => {
      let input: unknown;
      let invoked = false;
      try {
        const { type } = call;
        if (!type) {
          throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${call.path}"` });
        }
        if (METHOD_FOR_TYPE[type] !== method) {
          throw new TRPCError({
            code: 'METHOD_NOT_SUPPORTED',
            message: `Unsupported ${method}-request to ${type} procedure at path "${call.path}"`,
          });
        }
        input = (await inputs)[index];
        invoked = true; // from here on the procedure's own middleware audits the call
        return { result: { data: await direct.invoke(call.path, ctx, input) } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        const appError = toAppError(error);
        if (appError.code === 'INTERNAL_ERROR') onInternalError(error, req);
        if (!invoked) void auditRefusedRequest(ctx, appError, call.path);
        const type = call.type ?? 'unknown';
        return { error: direct.errorShape({ error, type, path: call.path, input, ctx }) };
      }
    };

    if (!isBatch) {
      const result = await runCall(calls[0]!, 0);
      const status = 'error' in result ? getHTTPStatusCode(result) : 200;
      sendJson(res, status, direct.serialize(result), responseHeaders(ctx, [result]));
      return;
    }
    const results = await Promise.all(calls.map(runCall));
    sendJson(res, getHTTPStatusCode(results), direct.serialize(results), responseHeaders(ctx, results));
  };
}

const EMPTY_SEARCH = new URLSearchParams();

function decodePath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

/** Vary, the rate-limit headers of every call counted, and Retry-After when a call was refused. */
function responseHeaders(ctx: ApiContext, results: TRPCResponse[]): HeaderMap {
  const headers: HeaderMap = { vary: VARY };
  let retryAfter = 0;
  for (const result of results) {
    if ('error' in result) {
      const seconds = (result.error.data as { retryAfter?: unknown } | undefined)?.retryAfter;
      if (typeof seconds === 'number' && seconds > retryAfter) retryAfter = seconds;
    }
  }
  if (retryAfter > 0) headers['retry-after'] = retryAfter;
  return addRateLimitHeaders(headers, ctx.request.rateLimit);
}

function tooLarge(cause: AppError): TRPCError {
  return new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: cause.message, cause });
}

/** Streaming, subscriptions and non-JSON bodies keep tRPC's own (slower, complete) adapter. */
function needsTrpcAdapter(req: IncomingMessage, calls: Call[]): boolean {
  if (req.headers['trpc-accept'] !== undefined) return true;
  const accept = req.headers.accept;
  if (accept?.includes('application/jsonl')) return true;
  if (req.method === 'POST') {
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !contentType.startsWith('application/json')) return true;
  }
  return calls.some((call) => call.type === 'subscription');
}

/** Per-call raw inputs by batch index, the way tRPC's JSON content handler reads them. */
function readInputs(
  req: IncomingMessage,
  search: URLSearchParams,
  isBatch: boolean,
  bodyLimit: number,
): Record<number, unknown> | Promise<Record<number, unknown>> {
  if (req.method === 'GET') {
    const text = search.get('input');
    if (!text) return NO_INPUTS;
    try {
      return byBatchIndex(parseInput(text), isBatch);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return readBody(req, bodyLimit).then(
    (body) => (body.length === 0 ? NO_INPUTS : byBatchIndex(parseInput(body.toString('utf8')), isBatch)),
    (cause: unknown) => {
      if (cause instanceof AppError && cause.code === 'PAYLOAD_TOO_LARGE') throw tooLarge(cause);
      throw new TRPCError({ code: 'BAD_REQUEST', message: (cause as Error).message, cause });
    },
  );
}

const NO_INPUTS: Record<number, unknown> = Object.freeze({});

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: (cause as Error).message, cause });
  }
}

function byBatchIndex(raw: unknown, isBatch: boolean): Record<number, unknown> {
  if (!isBatch) return { 0: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: '"input" needs to be an object when doing a batch call' });
  }
  return raw as Record<number, unknown>;
}
