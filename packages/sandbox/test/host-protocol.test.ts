import { describe, expect, it } from 'vitest';
import { encodeInput, encodeJson, encodeOutput, FrameDecoder, MAX_DATA_PER_FRAME, type Frame } from '../src/host-protocol';

describe('host protocol frames', () => {
  it('round-trips JSON, input and output frames, whatever the chunking of the stream', () => {
    const bytes = Buffer.concat([
      encodeJson({ type: 'call', seq: 1, method: 'list', params: {} }),
      encodeInput('t-1', Buffer.from('ls\r')),
      encodeOutput(7, Buffer.from([0, 255, 27, 91])),
    ]);
    for (const step of [1, 3, 7, bytes.length]) {
      const decoder = new FrameDecoder();
      const frames: Frame[] = [];
      for (let i = 0; i < bytes.length; i += step) frames.push(...decoder.push(bytes.subarray(i, i + step)));
      expect(frames).toEqual([
        { kind: 'json', message: { type: 'call', seq: 1, method: 'list', params: {} } },
        { kind: 'input', terminalId: 't-1', data: Buffer.from('ls\r') },
        { kind: 'output', attachment: 7, data: Buffer.from([0, 255, 27, 91]) },
      ]);
    }
  });

  it('splits large terminal data into frames any peer accepts', () => {
    const data = Buffer.alloc(3 * MAX_DATA_PER_FRAME + 5, 120);
    const decoder = new FrameDecoder(MAX_DATA_PER_FRAME + 16);
    const output = decoder.push(encodeOutput(1, data));
    expect(output).toHaveLength(4);
    expect(Buffer.concat(output.map((f) => (f as { data: Buffer }).data))).toEqual(data);
    const input = decoder.push(encodeInput('t', data));
    expect(input).toHaveLength(4);
  });

  it('refuses what is not a frame', () => {
    expect(() => new FrameDecoder(100).push(Buffer.from([0, 0, 0, 101, 1]))).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_ERROR' }),
    );
    expect(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 2, 1, 123]))).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_ERROR' }),
    );
    expect(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 1, 4]))).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_ERROR' }),
    );
  });
});
