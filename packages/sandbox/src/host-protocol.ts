// The terminal-host protocol over a Unix socket: length-prefixed frames, JSON for calls and events,
// raw bytes for keystrokes and output so terminal data is never re-encoded.
//
// Frame: u32 big-endian length of what follows, u8 kind, body.
//   JSON   (1): a UTF-8 JSON message (HostCall from the client; HostReply / HostEvent from the host)
//   INPUT  (2): client → host: u8 id length, terminal id (UTF-8), keystroke bytes
//   OUTPUT (3): host → client: u32 attachment number, output bytes
import { SandboxError } from './sandbox-errors';
import type { TerminalInfo } from './terminal-host';

export const FRAME_KIND = { json: 1, input: 2, output: 3 } as const;
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** Terminal bytes travel in pieces of at most this, whatever a peer's frame limit is set to. */
export const MAX_DATA_PER_FRAME = 32 * 1024;

export const HOST_METHODS = ['create', 'list', 'rename', 'resize', 'attach', 'detach', 'kill', 'killAll'] as const;
export type HostMethod = (typeof HOST_METHODS)[number];

export interface HostCall {
  type: 'call';
  seq: number;
  method: HostMethod;
  params: unknown;
}

export type HostReply =
  { type: 'result'; seq: number; value: unknown } | { type: 'error'; seq: number; code: string; message: string };

export type HostEvent =
  /** The terminal behind one attachment ended. */
  | { type: 'exit'; attachment: number; info: TerminalInfo }
  /** Any terminal of the host ended (for TerminalHost.onExit). */
  | { type: 'terminal-exit'; info: TerminalInfo };

export type Frame =
  | { kind: 'json'; message: unknown }
  | { kind: 'input'; terminalId: string; data: Buffer }
  | { kind: 'output'; attachment: number; data: Buffer };

function header(kind: number, bodyLength: number): Buffer {
  const head = Buffer.allocUnsafe(5);
  head.writeUInt32BE(bodyLength + 1, 0);
  head.writeUInt8(kind, 4);
  return head;
}

export function encodeJson(message: HostCall | HostReply | HostEvent): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([header(FRAME_KIND.json, body.length), body]);
}

function* pieces(data: Uint8Array): Generator<Uint8Array> {
  for (let start = 0; start < data.length; start += MAX_DATA_PER_FRAME) yield data.subarray(start, start + MAX_DATA_PER_FRAME);
}

/** One or more input frames (a paste may be large). */
export function encodeInput(terminalId: string, data: Uint8Array): Buffer {
  const id = Buffer.from(terminalId, 'utf8');
  if (id.length > 255) throw new SandboxError('INVALID_ARGUMENT', 'terminal id too long');
  const frames = [...pieces(data)].map((piece) =>
    Buffer.concat([header(FRAME_KIND.input, 1 + id.length + piece.length), Buffer.from([id.length]), id, piece]),
  );
  return Buffer.concat(frames);
}

/** One or more output frames (a replay is up to the whole scrollback). */
export function encodeOutput(attachment: number, data: Uint8Array): Buffer {
  const number = Buffer.allocUnsafe(4);
  number.writeUInt32BE(attachment, 0);
  return Buffer.concat(
    [...pieces(data)].map((piece) => Buffer.concat([header(FRAME_KIND.output, 4 + piece.length), number, piece])),
  );
}

/** Cuts a byte stream into frames; throws PROTOCOL_ERROR on anything that is not one. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt32BE(0);
      if (length < 1 || length > this.maxFrameBytes) {
        throw new SandboxError('PROTOCOL_ERROR', `frame length ${length} outside 1..${this.maxFrameBytes}`);
      }
      if (this.buffered.length < 4 + length) break;
      frames.push(decodeBody(this.buffered.subarray(4, 4 + length)));
      this.buffered = this.buffered.subarray(4 + length);
    }
    return frames;
  }
}

function decodeBody(frame: Buffer): Frame {
  const kind = frame.readUInt8(0);
  const body = frame.subarray(1);
  switch (kind) {
    case FRAME_KIND.json: {
      let message: unknown;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch {
        throw new SandboxError('PROTOCOL_ERROR', 'a JSON frame that is not JSON');
      }
      if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') {
        throw new SandboxError('PROTOCOL_ERROR', 'a JSON frame without a message type');
      }
      return { kind: 'json', message };
    }
    case FRAME_KIND.input: {
      const idLength = body.length > 0 ? body.readUInt8(0) : -1;
      if (idLength < 1 || body.length < 1 + idLength) throw new SandboxError('PROTOCOL_ERROR', 'a truncated input frame');
      return { kind: 'input', terminalId: body.subarray(1, 1 + idLength).toString('utf8'), data: body.subarray(1 + idLength) };
    }
    case FRAME_KIND.output: {
      if (body.length < 4) throw new SandboxError('PROTOCOL_ERROR', 'a truncated output frame');
      // Copied: the slice would otherwise keep the whole read buffer alive in the scrollback.
      return { kind: 'output', attachment: body.readUInt32BE(0), data: Buffer.from(body.subarray(4)) };
    }
    default:
      throw new SandboxError('PROTOCOL_ERROR', `unknown frame kind ${kind}`);
  }
}
