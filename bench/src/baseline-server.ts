// The yardstick: plain node:http, no routing, no parsing, the same JSON bytes as the real answer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const status = Number(process.env.BASELINE_STATUS ?? 200);
const body = Buffer.from(process.env.BASELINE_BODY ?? '{}');

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
