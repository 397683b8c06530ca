// A TerminalHost in another process of this machine, reached over its Unix socket
// (TerminalHostServer): the same interface, so callers need not know where the shells run.
import { connect, type Socket } from 'node:net';
import {
  DEFAULT_MAX_FRAME_BYTES,
  encodeInput,
  encodeJson,
  FrameDecoder,
  type HostEvent,
  type HostMethod,
  type HostReply,
} from './host-protocol';
import { SandboxError, type SandboxErrorCode } from './sandbox-errors';
import type {
  CreateTerminalOptions,
  Detach,
  TerminalFilter,
  TerminalHost,
  TerminalInfo,
  TerminalListener,
} from './terminal-host';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const ERROR_CODES = new Set<string>([
  'SANDBOX_UNAVAILABLE',
  'WORKSPACE_INVALID',
  'INVALID_ARGUMENT',
  'TERMINAL_NOT_FOUND',
  'TERMINAL_LIMIT_REACHED',
  'HOST_CLOSED',
  'HOST_UNAVAILABLE',
  'PROTOCOL_ERROR',
] satisfies SandboxErrorCode[]);

export class RemoteTerminalHost implements TerminalHost {
  private readonly pending = new Map<number, Pending>();
  private readonly attachments = new Map<number, TerminalListener>();
  private readonly exitListeners = new Set<(info: TerminalInfo) => void>();
  private readonly decoder = new FrameDecoder(DEFAULT_MAX_FRAME_BYTES);
  private nextSeq = 1;
  private nextAttachment = 1;
  private connected = true;
  /** Settles when the connection is gone (closed by either side). */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.disconnected());
  }

  static connect(socketPath: string): Promise<RemoteTerminalHost> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.once('connect', () => {
        socket.removeListener('error', fail);
        resolve(new RemoteTerminalHost(socket));
      });
      const fail = (error: Error) =>
        reject(new SandboxError('HOST_UNAVAILABLE', `no terminal host at ${socketPath}: ${error.message}`, { cause: error }));
      socket.once('error', fail);
    });
  }

  create(options: CreateTerminalOptions): Promise<TerminalInfo> {
    return this.call('create', options) as Promise<TerminalInfo>;
  }

  list(filter: TerminalFilter = {}): Promise<TerminalInfo[]> {
    return this.call('list', filter) as Promise<TerminalInfo[]>;
  }

  rename(id: string, title: string): Promise<TerminalInfo> {
    return this.call('rename', { id, title }) as Promise<TerminalInfo>;
  }

  write(id: string, data: string | Uint8Array): void {
    if (!this.connected) return;
    this.socket.write(encodeInput(id, typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
  }

  async resize(id: string, cols: number, rows: number): Promise<void> {
    await this.call('resize', { id, cols, rows });
  }

  async attach(id: string, listener: TerminalListener): Promise<Detach> {
    const attachment = this.nextAttachment++;
    // Registered before asking: the host sends the replay before its answer.
    this.attachments.set(attachment, listener);
    try {
      await this.call('attach', { id, attachment });
    } catch (error) {
      this.attachments.delete(attachment);
      throw error;
    }
    return () => {
      if (!this.attachments.delete(attachment)) return;
      this.call('detach', { attachment }).catch(() => {
        // The connection is gone: the host dropped the attachment with it.
      });
    };
  }

  async kill(id: string): Promise<void> {
    await this.call('kill', { id });
  }

  killAll(filter: TerminalFilter): Promise<number> {
    return this.call('killAll', filter) as Promise<number>;
  }

  onExit(listener: (info: TerminalInfo) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Closes this connection; the terminals keep running in the host. */
  async shutdown(): Promise<void> {
    this.socket.end();
    await this.closed;
  }

  private call(method: HostMethod, params: object): Promise<unknown> {
    if (!this.connected) return Promise.reject(new SandboxError('HOST_UNAVAILABLE', 'the terminal host connection is closed'));
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.socket.write(encodeJson({ type: 'call', seq, method, params }));
    });
  }

  private receive(chunk: Buffer): void {
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (frame.kind === 'output') this.attachments.get(frame.attachment)?.onData(frame.data);
      else if (frame.kind === 'json') this.message(frame.message as HostReply | HostEvent);
    }
  }

  private message(message: HostReply | HostEvent): void {
    switch (message.type) {
      case 'result':
      case 'error': {
        const pending = this.pending.get(message.seq);
        this.pending.delete(message.seq);
        if (message.type === 'result') pending?.resolve(message.value);
        else {
          const code = ERROR_CODES.has(message.code) ? (message.code as SandboxErrorCode) : 'HOST_UNAVAILABLE';
          pending?.reject(new SandboxError(code, message.message));
        }
        return;
      }
      case 'exit':
        this.attachments.get(message.attachment)?.onExit?.(message.info);
        return;
      case 'terminal-exit':
        for (const listener of this.exitListeners) listener(message.info);
        return;
    }
  }

  private disconnected(): void {
    this.connected = false;
    const error = new SandboxError('HOST_UNAVAILABLE', 'the terminal host connection closed');
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.attachments.clear();
  }
}
