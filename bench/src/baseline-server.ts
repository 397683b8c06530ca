// The yardstick: plain node:http, no routing, no parsing, the same JSON bytes as the real answer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const status = Number(process.env.BASELINE_STATUS ?? 200);
const body = Buffer.from(process.env.BASELINE_BODY ?? '{}');
// The real answer's headers (request id, security headers, rate-limit headers...), so the wire
// bytes are the same; Node adds Date, Connection and Keep-Alive to both alike.
const headers: Record<string, string | number> = {
  'content-type': 'application/json; charset=utf-8',
  ...(JSON.parse(process.env.BASELINE_HEADERS ?? '{}') as Record<string, string>),
  'content-length': body.length,
};

// `pnpm bench calibrate` only: microseconds of busy work per request, standing in for a server's own.
const workNanos = BigInt(Math.round(Number(process.env.BASELINE_WORK_US ?? 0) * 1000));

const server = createServer((req, res) => {
  req.resume();
  if (workNanos > 0n) {
    const until = process.hrtime.bigint() + workNanos;
    while (process.hrtime.bigint() < until);
  }
  res.writeHead(status, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
