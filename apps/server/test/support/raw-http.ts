// Requests a fetch client would refuse to send: raw bytes on a socket, any method, path or body.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (request line + headers, CRLF-separated, no final blank line) and `body` verbatim. */
export function rawRequest(port: number, head: string, body: Buffer = Buffer.alloc(0), timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to: ${head.split('\r\n')[0]}`));
    }, timeoutMs);
    socket.on('connect', () => {
      socket.write(
        Buffer.concat([Buffer.from(`${head}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`, 'latin1'), body]),
      );
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [rawHead = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = rawHead.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n') });
    });
  });
}
