// The API's WebSockets on the HTTP server: upgrade requests are routed by path, everything else
// is refused with a plain HTTP answer before any WebSocket exists.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiContext, ApiDependencies } from '@coditect/api';
import type { Logger } from '../logger';
import { servePtySocket } from './pty-socket';
import { serveLiveSocket } from '../live/live-socket';
import type { EventHub } from '../live/event-hub';
import { closeWith } from './socket-auth';

export interface WebSocketOptions {
  /** Ping interval; a peer that misses one is dropped (default 30 s). */
  heartbeatMs?: number;
  /** How long a new socket has to send its auth frame (default 10 s). */
  authTimeoutMs?: number;
}

export interface WebSocketRouting {
  deps: ApiDependencies;
  logger: Logger;
  createContext(req: IncomingMessage): ApiContext;
  invoke(path: string, ctx: ApiContext, input: unknown): Promise<unknown>;
  /** The live channel's events; without it /api/v5/events is not served. */
  hub?: EventHub;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const PTY_PATH = new RegExp(`^/api/v5/sessions/(${UUID})/terminals/(${UUID})/pty$`);

/** Frames larger than this (1 MiB) close the socket (1009). */
const MAX_FRAME_BYTES = 1024 * 1024;

function refuse(socket: Duplex, status: string, code: string, message: string): void {
  const body = JSON.stringify({ success: false, error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export function attachWebSockets(server: Server, routing: WebSocketRouting, options: WebSocketOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const authTimeoutMs = options.authTimeoutMs ?? 10_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  function route(req: IncomingMessage): ((ws: WebSocket) => Promise<void>) | undefined {
    const pathname = (req.url ?? '/').split('?')[0]!;
    const pty = PTY_PATH.exec(pathname);
    if (pty) {
      const terminals = routing.deps.terminals;
      const input = { session_id: pty[1]!.toLowerCase(), terminal_id: pty[2]!.toLowerCase() };
      return async (ws) => {
        if (!terminals) {
          closeWith(ws, 4503, 'Terminals are not available on this server');
          return;
        }
        await servePtySocket(ws, {
          host: terminals.host,
          heartbeatMs,
          authTimeoutMs,
          check: (withCredential) => routing.invoke('terminals.attach', withCredential(routing.createContext(req)), input),
        });
      };
    }
    if (pathname === '/api/v5/events' && routing.hub) {
      const hub = routing.hub;
      return (ws) =>
        serveLiveSocket(ws, {
          hub,
          heartbeatMs,
          authTimeoutMs,
          call: (name, withCredential, input) =>
            routing.invoke(`events.${name}`, withCredential(routing.createContext(req)), input),
        });
    }
    return undefined;
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const serve = route(req);
    if (!serve) {
      refuse(socket, '404 Not Found', 'NOT_FOUND', 'No WebSocket here');
      return;
    }
    if (req.method !== 'GET') {
      refuse(socket, '405 Method Not Allowed', 'METHOD_NOT_ALLOWED', 'A WebSocket upgrade is a GET');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (error) => routing.logger.debug({ err: error }, 'websocket error'));
      serve(ws).catch((error: unknown) => {
        routing.logger.error({ err: error }, 'websocket failed');
        closeWith(ws, 1011, 'Internal error');
      });
    });
  });

  return {
    /** Closes every open socket (1001, going away). */
    close(): void {
      for (const ws of wss.clients) closeWith(ws, 1001, 'The server is shutting down');
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000).unref();
      wss.close();
    },
  };
}
