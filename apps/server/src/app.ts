// One node:http server: /api/v5 (REST shim, its OpenAPI document and reference page), /trpc (tRPC
// wire format), the built web app for other GETs when there is one, and 404 JSON for everything
// else. Security and CORS headers go on every response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AnyTRPCRouter } from '@trpc/server';
import {
  AppError,
  apiContract,
  REST_PREFIX,
  appRouter,
  listOperations,
  type ApiContext,
  type ApiDependencies,
  type BodyLimit,
  type ContractTree,
} from '@coditect/api';
import { checkTrpcInternals, createCallerInvoker, createDirectDispatch } from './trpc/trpc-internals';
import { RouteTable } from './rest/route-table';
import { createRestHandler, sendError } from './rest/rest-handler';
import { createTaskEventStream } from './rest/task-event-stream';
import { createTrpcHandler } from './trpc/trpc-handler';
import { applySecurityHeaders, BASE_SECURITY_HEADERS } from './http/security-headers';
import { createCorsPolicy } from './http/cors-policy';
import { createApiReferenceHandler, isApiReferencePath } from './openapi/api-reference-handler';
import type { NumberedResponse } from './http/json-response';
import { createWebAppHandler } from './web-app/web-app-handler';
import type { Logger } from './logger';
import { createMetricsEndpoint } from './metrics/metrics-endpoint';
import type { ServerMetrics } from './metrics/server-metrics';
import { attachWebSockets, type WebSocketOptions } from './websocket/websocket-upgrades';
import type { EventHub } from './live/event-hub';

export interface AppOptions {
  deps: ApiDependencies;
  logger: Logger;
  /** Largest request body (BODY_LIMIT), unless the operation's meta names a larger limit. */
  bodyLimit: number;
  /** The sizes of the limits operations may name (`meta.bodyLimit`); unset names get `bodyLimit`. */
  bodyLimits?: Partial<Record<BodyLimit, number>>;
  trustProxy: boolean;
  /** The router to serve, and the contract its REST routes come from; tests mount small ones. */
  router?: AnyTRPCRouter;
  contract?: ContractTree;
  /** Serve through tRPC's own adapter and createCaller, as when the internals check fails (tests). */
  forceTrpcAdapter?: boolean;
  /** Browser origins allowed by CORS (`*` for any, without credentials); none by default. */
  corsOrigins?: readonly string[];
  /** The built web app (apps/web/dist); served only when it holds an index.html. */
  webAppDir?: string;
  /** Request metrics and GET /metrics for holders of `token` (METRICS_TOKEN); none when unset. */
  metrics?: { metrics: ServerMetrics; token: string };
  /** Heartbeat and auth timing of the WebSockets (terminal attach, live channel). */
  websockets?: WebSocketOptions;
  /** The live channel's events (GET /api/v5/events); not served without. */
  liveEvents?: EventHub;
}

export interface App {
  server: Server;
  deps: ApiDependencies;
  routes: RouteTable;
  /** Whether GETs outside the API get the web app. */
  servesWebApp: boolean;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting connections and waits (up to `graceMs`) for requests in flight. */
  close(graceMs?: number): Promise<void>;
}

const METRICS_PATH = '/metrics';
const TRPC_PREFIX = '/trpc/';

/** API namespaces: never answered with the web app, even where no route matches. */
function isApiPath(pathname: string): boolean {
  return (
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname === '/trpc' ||
    pathname.startsWith(TRPC_PREFIX) ||
    pathname === METRICS_PATH
  );
}

export async function createApp(options: AppOptions): Promise<App> {
  const {
    deps,
    logger,
    bodyLimit,
    trustProxy,
    router = appRouter,
    contract = apiContract,
    corsOrigins = [],
    webAppDir,
    bodyLimits = {},
  } = options;
  const routes = new RouteTable(contract);
  const metaByProcedure = new Map(listOperations(contract).map(({ path, operation }) => [path, operation.meta]));
  /** The body limit of a procedure (by dotted path): its named limit, or the default. */
  const bodyLimitFor = (procedurePath: string): number => {
    const named = metaByProcedure.get(procedurePath)?.bodyLimit;
    return (named && bodyLimits[named]) || bodyLimit;
  };
  const problem = options.forceTrpcAdapter ? 'the direct dispatch is turned off' : await checkTrpcInternals(router);
  if (problem) {
    logger.warn(
      { problem },
      "tRPC's internals are not what the direct dispatch relies on: serving through tRPC's own adapter (slower)",
    );
  }
  const direct = problem ? undefined : createDirectDispatch(router);
  const invoke = direct?.invoke ?? createCallerInvoker(router);
  for (const route of routes.routes) {
    if (!hasProcedure(router, route.procedurePath))
      throw new Error(`No procedure ${route.procedurePath} for ${route.method} ${route.path}`);
  }

  function createContext(req: IncomingMessage, connectionParams?: ConnectionParams): ApiContext {
    const tracked = req as TrackedRequest;
    return {
      deps,
      request: {
        requestId: tracked.requestId ?? nextRequestId(),
        ip: clientIp(req, trustProxy),
        userAgent: req.headers['user-agent'],
        authorization: req.headers.authorization,
        apiKey: singleHeader(req.headers['x-api-key']),
        streamTicket: nonEmpty(connectionParams?.ticket),
        tokenInUrl: nonEmpty(connectionParams?.token) !== undefined,
        method: req.method ?? 'GET',
        path: tracked.pathname ?? '/',
        receivedAt: tracked.receivedAt ?? performance.now(),
      },
    };
  }

  function onInternalError(error: unknown, req: IncomingMessage) {
    // The path only: a tRPC query string carries the call's input.
    const tracked = req as TrackedRequest;
    logger.error({ err: error, method: req.method, path: tracked.pathname, requestId: tracked.requestId }, 'request failed');
  }

  const handlerOptions = { bodyLimit, bodyLimitFor, createContext, onInternalError };
  const handleRest = createRestHandler({
    ...handlerOptions,
    routes,
    invoke,
    eventStreams: { 'tasks.events': createTaskEventStream(options.liveEvents) },
  });
  const handleTrpc = createTrpcHandler({ ...handlerOptions, router, direct, prepareStreamingResponse: withStandardHeaders });
  const cors = createCorsPolicy(corsOrigins);
  const serveApiReference = createApiReferenceHandler({ routes, version: deps.version, basePath: REST_PREFIX });
  const serveWebApp = webAppDir === undefined ? undefined : createWebAppHandler(webAppDir);
  const serveMetrics = options.metrics && createMetricsEndpoint(options.metrics.metrics, options.metrics.token);
  const observeRequest = options.metrics?.metrics.observeRequest;

  /** What a request is, for the metrics' `operation` label: a procedure, or one of a few names. */
  function operationOf(tracked: TrackedRequest, pathname: string): string {
    if (tracked.operation) return tracked.operation;
    if (pathname.startsWith(TRPC_PREFIX)) {
      const name = pathname.slice(TRPC_PREFIX.length);
      return name.includes(',') ? 'trpc batch' : metaByProcedure.has(name) ? name : 'unknown';
    }
    if (pathname === METRICS_PATH) return 'metrics';
    if (pathname === REST_PREFIX || pathname.startsWith(`${REST_PREFIX}/`)) {
      return isApiReferencePath(pathname.slice(REST_PREFIX.length)) ? 'api reference' : 'unknown';
    }
    return isApiPath(pathname) ? 'unknown' : 'web';
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const tracked = req as TrackedRequest;
    tracked.receivedAt = performance.now();
    const requestId = nextRequestId();
    tracked.requestId = requestId;
    (res as NumberedResponse).requestId = requestId;
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    tracked.pathname = pathname;
    const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
    if (observeRequest) {
      res.once('finish', () =>
        observeRequest(
          operationOf(tracked, pathname),
          req.method ?? 'GET',
          res.statusCode,
          (performance.now() - tracked.receivedAt!) / 1000,
        ),
      );
    }
    const isRest = pathname === REST_PREFIX || pathname.startsWith(`${REST_PREFIX}/`);
    const restPath = isRest ? pathname.slice(REST_PREFIX.length) || '/' : '';
    // JSON API answers carry these headers in their one writeHead (sendJson); anything else —
    // preflights, the API reference, pages, tRPC's own streaming adapter — gets them now.
    const jsonOnly = (isRest && !isApiReferencePath(restPath)) || pathname.startsWith(TRPC_PREFIX);
    if (!jsonOnly || req.method === 'OPTIONS') withStandardHeaders(res);
    if (cors.handle(req, res)) return;

    if (serveMetrics && pathname === METRICS_PATH) {
      await serveMetrics(req, res);
    } else if (isRest) {
      if (!serveApiReference(req, res, restPath)) await handleRest(req, res, restPath, query);
    } else if (pathname.startsWith(TRPC_PREFIX)) {
      await handleTrpc(req, res, pathname.slice(TRPC_PREFIX.length), query);
    } else if (serveWebApp && (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(pathname)) {
      serveWebApp(req, res, () => sendError(res, new AppError('NOT_FOUND', `Nothing at ${pathname}`)));
    } else {
      sendError(res, new AppError('NOT_FOUND', `Nothing at ${pathname}`));
    }
  }

  const server = createServer({ keepAliveTimeout: 5_000, maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      onInternalError(error, req);
      if (!res.headersSent) sendError(res, new AppError('INTERNAL_ERROR', 'Internal server error'));
      else res.destroy();
    });
  });
  const sockets = attachWebSockets(
    server,
    {
      deps,
      logger,
      createContext: (req) => createContext(req),
      invoke: (path, ctx, input) => invoke(path, ctx, input),
      hub: options.liveEvents,
    },
    options.websockets,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      success: false,
      error: { code: 'VALIDATION_ERROR', message: tooLarge ? 'Request headers are too large' : 'Malformed HTTP request' },
    });
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const headers = Object.entries({ ...BASE_SECURITY_HEADERS, 'cache-control': 'no-store' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${headers}connection: close\r\n\r\n${body}`,
    );
    logger.debug({ err: error }, 'client error');
  });

  return {
    server,
    deps,
    routes,
    servesWebApp: serveWebApp !== undefined,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close(graceMs = 10_000) {
      sockets.close();
      return new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        // Keep-alive sockets become idle as their last response ends; close them as they do.
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

/** Whether the router's public record has a procedure at a dotted path. */
function hasProcedure(router: AnyTRPCRouter, path: string): boolean {
  let node: unknown = router;
  for (const segment of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[segment];
  return typeof node === 'function';
}

/** The request id and base security headers, for responses not written by sendJson. */
/**
 * A tRPC subscription's input travels in its URL (EventSource is GET only): a chat turn of 100,000
 * characters, JSON- and percent-encoded, needs up to ~900 kB. Node's default (16 kB) silently failed
 * such turns; this is the request body limit's order of magnitude, with room for the encoding.
 */
const MAX_HEADER_BYTES = 2 * 1024 * 1024;

export function withStandardHeaders(res: ServerResponse): void {
  const requestId = (res as NumberedResponse).requestId;
  if (requestId && !res.hasHeader('x-request-id')) res.setHeader('x-request-id', requestId);
  applySecurityHeaders(res);
}

/** Unique per process run: a random boot prefix and a counter (cheaper than a UUID per request). */
const bootId = randomBytes(6).toString('hex');
let requestSequence = 0;
function nextRequestId(): string {
  requestSequence += 1;
  return `${bootId}-${requestSequence.toString(36)}`;
}

/** What tRPC clients send as `connectionParams` (SSE subscriptions put them in the URL). */
export type ConnectionParams = Readonly<Record<string, string | undefined>> | null | undefined;

/**
 * A browser's EventSource cannot set headers: an SSE subscription carries a single-use stream
 * ticket as `connectionParams: { ticket }` (an access token there is refused); a header still wins.
 */
function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** What `handle` notes on the request before a transport builds the context from it. */
interface TrackedRequest extends IncomingMessage {
  requestId?: string;
  pathname?: string;
  receivedAt?: number;
  /** The procedure a transport matched (for metrics). */
  operation?: string;
}

/** A header sent twice arrives joined (`a, b`) — then it is no valid key — or, per the types, as a list. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Behind a trusted proxy, the rightmost X-Forwarded-For entry: proxies append the address they saw
 * (`<whatever the client sent>, <client>`), so every entry to its left is the client's own choice.
 */
function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const last = singleHeader(req.headers['x-forwarded-for'])?.split(',').at(-1)?.trim();
    // The address keys rate limits and lands in the audit trail: bound what a client can make it.
    if (last) return last.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}
