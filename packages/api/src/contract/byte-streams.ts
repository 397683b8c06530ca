// Bytes that are not JSON: a request body handed to a procedure unparsed (an upload), and an
// answer sent as the response's body (a raw file, a folder as .zip). Only the REST shim carries
// them (operation meta `rest.rawBody`, `rest.streamed`); JSON cannot, so over tRPC such an input
// fails validation and such an answer is refused. Browser-safe: the stream is any async iterable
// of bytes (a Node stream on the server).
import { z } from 'zod';

/** A stream the transport can stop early (Node's Readable has this). */
export type ByteStream = AsyncIterable<Uint8Array> & { destroy(error?: Error): void };

export class RequestBody {
  constructor(
    /** The Content-Type header as sent (parameters included). */
    readonly contentType: string | undefined,
    /** The declared Content-Length, when there is one. */
    readonly contentLength: number | undefined,
    /** The body, cut off with PAYLOAD_TOO_LARGE past the operation's body limit. */
    readonly stream: ByteStream,
  ) {}
}

export const ZRequestBody = z.custom<RequestBody>((value) => value instanceof RequestBody, {
  message: 'A raw request body, sent to the operation’s REST route',
});

export interface StreamedBodyInit {
  contentType: string;
  /** The suggested file name (Content-Disposition: attachment). */
  fileName: string;
  /** Content-Length, when known before sending. */
  size?: number;
  etag?: string;
  stream: ByteStream;
}

export class StreamedBody {
  constructor(readonly init: StreamedBodyInit) {}
}

export const ZStreamedBody = z.custom<StreamedBody>((value) => value instanceof StreamedBody, {
  message: 'A streamed answer',
});
