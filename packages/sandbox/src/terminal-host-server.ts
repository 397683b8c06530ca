// Serves one TerminalHost to the other processes of the machine (node:cluster workers) over a Unix
// socket, so a re-attach that lands on any worker reaches the same running shell.
import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import {
  DEFAULT_MAX_FRAME_BYTES,
  encodeJson,
  encodeOutput,
  FrameDecoder,
  HOST_METHODS,
  type HostCall,
  type HostMethod,
} from './host-protocol';
import { SandboxError } from './sandbox-errors';
import type { CreateTerminalOptions, Detach, TerminalFilter, TerminalHost } from './terminal-host';

export interface TerminalHostServerOptions {
  maxFrameBytes?: number;
  /**
   * Output queued for one connection beyond this closes it: a reader that stopped reading must not
   * grow the host's memory without bound (its attachments end; it can re-attach and replay).
   */
  maxQueuedBytes?: number;
}

const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;

type Params = Record<string, unknown>;

function invalid(message: string): never {
  throw new SandboxError('INVALID_ARGUMENT', message);
}
function field<T>(params: Params, name: string, type: 'string' | 'number' | 'boolean'): T {
  const value = params[name];
  if (typeof value !== type) invalid(`${name} must be a ${type}`);
  return value as T;
}
function optional<T>(params: Params, name: string, type: 'string' | 'number' | 'boolean'): T | undefined {
  return params[name] === undefined ? undefined : field<T>(params, name, type);
}
function stringList(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) invalid(`${name} must be a list of strings`);
  return value as string[];
}
function stringRecord(params: Params, name: string): Record<string, string> | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    invalid(`${name} must be an object of strings`);
  }
  return value as Record<string, string>;
}
function filterOf(params: Params): TerminalFilter {
  const workspaceDir = optional<string>(params, 'workspaceDir', 'string');
  const ids = stringList(params, 'ids');
  return { ...(workspaceDir !== undefined ? { workspaceDir } : {}), ...(ids !== undefined ? { ids } : {}) };
}
function createOptionsOf(params: Params): CreateTerminalOptions {
  const options: CreateTerminalOptions = { workspaceDir: field(params, 'workspaceDir', 'string') };
  for (const name of ['shell', 'cwd', 'title'] as const) {
    const value = optional<string>(params, name, 'string');
    if (value !== undefined) options[name] = value;
  }
  for (const name of ['cols', 'rows'] as const) {
    const value = optional<number>(params, name, 'number');
    if (value !== undefined) options[name] = value;
  }
  const shellArgs = stringList(params, 'shellArgs');
  if (shellArgs) options.shellArgs = shellArgs;
  const env = stringRecord(params, 'env');
  if (env) options.env = env;
  const network = optional<boolean>(params, 'network', 'boolean');
  if (network !== undefined) options.network = network;
  return options;
}

class HostConnection {
  private readonly attachments = new Map<number, Detach>();
  private readonly decoder: FrameDecoder;
  private readonly stopExitEvents: () => void;
  private closed = false;

  constructor(
    private readonly host: TerminalHost,
    private readonly socket: Socket,
    maxFrameBytes: number,
    private readonly maxQueuedBytes: number,
  ) {
    this.decoder = new FrameDecoder(maxFrameBytes);
    this.stopExitEvents = host.onExit((info) => this.send(encodeJson({ type: 'terminal-exit', info })));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.cleanUp());
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch {
      // Not the protocol: nothing later on this stream can be trusted to be framed right.
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (frame.kind === 'input') this.host.write(frame.terminalId, frame.data);
      else if (frame.kind === 'json') void this.call(frame.message as Partial<HostCall>);
      else return void this.socket.destroy();
    }
  }

  private async call(message: Partial<HostCall>): Promise<void> {
    if (message.type !== 'call' || !Number.isSafeInteger(message.seq)) return void this.socket.destroy();
    const seq = message.seq!;
    try {
      if (!HOST_METHODS.includes(message.method as HostMethod)) invalid(`unknown method ${String(message.method)}`);
      const params = message.params;
      if (typeof params !== 'object' || params === null || Array.isArray(params)) invalid('params must be an object');
      const value = await this.dispatch(message.method as HostMethod, params as Params);
      this.send(encodeJson({ type: 'result', seq, value: value ?? null }));
    } catch (error) {
      const code = error instanceof SandboxError ? error.code : 'INTERNAL_ERROR';
      const text = error instanceof SandboxError ? error.message : 'internal error in the terminal host';
      this.send(encodeJson({ type: 'error', seq, code, message: text }));
    }
  }

  private async dispatch(method: HostMethod, params: Params): Promise<unknown> {
    switch (method) {
      case 'create':
        return this.host.create(createOptionsOf(params));
      case 'list':
        return this.host.list(filterOf(params));
      case 'rename':
        return this.host.rename(field(params, 'id', 'string'), field(params, 'title', 'string'));
      case 'resize':
        return this.host.resize(field(params, 'id', 'string'), field(params, 'cols', 'number'), field(params, 'rows', 'number'));
      case 'kill':
        return this.host.kill(field(params, 'id', 'string'));
      case 'killAll':
        return this.host.killAll(filterOf(params));
      case 'attach':
        return this.attach(field(params, 'id', 'string'), field(params, 'attachment', 'number'));
      case 'detach': {
        const attachment = field<number>(params, 'attachment', 'number');
        this.attachments.get(attachment)?.();
        this.attachments.delete(attachment);
        return null;
      }
    }
  }

  /** The client numbers its attachments, so output can flow before the call's result arrives. */
  private async attach(id: string, attachment: number): Promise<null> {
    if (!Number.isInteger(attachment) || attachment < 0 || attachment > 0xffffffff) invalid('attachment must be a u32');
    if (this.attachments.has(attachment)) invalid(`attachment ${attachment} is in use`);
    const detach = await this.host.attach(id, {
      onData: (data) => this.send(encodeOutput(attachment, data)),
      onExit: (info) => this.send(encodeJson({ type: 'exit', attachment, info })),
    });
    if (this.closed) detach();
    else this.attachments.set(attachment, detach);
    return null;
  }

  private send(frame: Buffer): void {
    if (this.closed) return;
    this.socket.write(frame);
    if (this.socket.writableLength > this.maxQueuedBytes) this.socket.destroy();
  }

  private cleanUp(): void {
    this.closed = true;
    this.stopExitEvents();
    for (const detach of this.attachments.values()) detach();
    this.attachments.clear();
  }
}

export class TerminalHostServer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Listens on `socketPath` (replacing a stale socket file there) and makes it accessible to this
   * uid only: whoever connects can start shells in any workspace.
   */
  static async listen(
    host: TerminalHost,
    socketPath: string,
    options: TerminalHostServerOptions = {},
  ): Promise<TerminalHostServer> {
    const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    await rm(socketPath, { force: true });
    const server = createServer((socket) => new HostConnection(host, socket, maxFrameBytes, maxQueuedBytes));
    const hostServer = new TerminalHostServer(server, socketPath);
    const oldMask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => resolve());
      });
    } finally {
      process.umask(oldMask);
    }
    await chmod(socketPath, 0o600);
    return hostServer;
  }

  /** Stops listening and drops every connection (their attachments end); the host keeps running. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
