// One node:http server: /api/v5 (REST shim), /trpc (tRPC wire format), everything else 404 JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AnyTRPCRouter } from '@trpc/server';
import { AppError, appRouter, type ApiContext, type ApiDependencies } from '@coditect/api';
import { indexProcedures } from './procedures/procedure-index';
import { RouteTable } from './rest/route-table';
import { createRestHandler, sendError } from './rest/rest-handler';
import { createTrpcHandler } from './trpc/trpc-handler';
import type { Logger } from './logger';

export interface AppOptions {
  deps: ApiDependencies;
  logger: Logger;
  bodyLimit: number;
  trustProxy: boolean;
  /** The router to serve; tests mount small routers to exercise the adapters generically. */
  router?: AnyTRPCRouter;
}

export interface App {
  server: Server;
  deps: ApiDependencies;
  routes: RouteTable;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting connections and waits (up to `graceMs`) for requests in flight. */
  close(graceMs?: number): Promise<void>;
}

const REST_PREFIX = '/api/v5';
const TRPC_PREFIX = '/trpc/';

export function createApp(options: AppOptions): App {
  const { deps, logger, bodyLimit, trustProxy, router = appRouter } = options;
  const procedures = indexProcedures(router);
  const routes = new RouteTable(procedures);

  function createContext(req: IncomingMessage): ApiContext {
    const tracked = req as TrackedRequest;
    return {
      deps,
      request: {
        requestId: tracked.requestId ?? nextRequestId(),
        ip: clientIp(req, trustProxy),
        userAgent: req.headers['user-agent'],
        authorization: req.headers.authorization,
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

  const handlerOptions = { bodyLimit, createContext, onInternalError };
  const handleRest = createRestHandler({ ...handlerOptions, routes });
  const handleTrpc = createTrpcHandler({ ...handlerOptions, router, procedures });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const tracked = req as TrackedRequest;
    tracked.receivedAt = performance.now();
    const requestId = nextRequestId();
    tracked.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    tracked.pathname = pathname;
    const query = queryStart === -1 ? '' : url.slice(queryStart + 1);

    if (pathname === REST_PREFIX || pathname.startsWith(`${REST_PREFIX}/`)) {
      await handleRest(req, res, pathname.slice(REST_PREFIX.length) || '/', query);
    } else if (pathname.startsWith(TRPC_PREFIX)) {
      await handleTrpc(req, res, pathname.slice(TRPC_PREFIX.length), query);
    } else {
      sendError(res, new AppError('NOT_FOUND', `Nothing at ${pathname}`));
    }
  }

  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      onInternalError(error, req);
      if (!res.headersSent) sendError(res, new AppError('INTERNAL_ERROR', 'Internal server error'));
      else res.destroy();
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      success: false,
      error: { code: 'VALIDATION_ERROR', message: tooLarge ? 'Request headers are too large' : 'Malformed HTTP request' },
    });
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    logger.debug({ err: error }, 'client error');
  });

  return {
    server,
    deps,
    routes,
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

/** Unique per process run: a random boot prefix and a counter (cheaper than a UUID per request). */
const bootId = randomBytes(6).toString('hex');
let requestSequence = 0;
function nextRequestId(): string {
  requestSequence += 1;
  return `${bootId}-${requestSequence.toString(36)}`;
}

/** What `handle` notes on the request before a transport builds the context from it. */
interface TrackedRequest extends IncomingMessage {
  requestId?: string;
  pathname?: string;
  receivedAt?: number;
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    // The address keys rate limits and lands in the audit trail: bound what a client can make it.
    if (first) return first.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}
