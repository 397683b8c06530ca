// One measurement: autocannon against a server process, with that process's CPU time per request.
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import type { BenchRequest } from './scenarios';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The serving process's CPU time (user + system) per request, in µs. */
  cpuMicros: number;
}

/** User + system CPU time of a process so far, in µs (from /proc; clock ticks of 10 ms). */
async function cpuMicrosOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

export async function measure(
  baseUrl: string,
  pid: number,
  request: BenchRequest,
  seconds: number,
  connections = CONNECTIONS,
): Promise<Measurement> {
  const cpuBefore = await cpuMicrosOf(pid);
  let turn = 0;
  const rotate = request.rotate;
  const result = await autocannon({
    url: `${baseUrl}${request.path}`,
    method: request.method,
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
    connections,
    duration: seconds,
    requests: rotate
      ? [
          {
            setupRequest: (next) => {
              const variant = rotate[turn++ % rotate.length]!;
              return { ...next, path: variant.path, body: variant.body };
            },
          },
        ]
      : undefined,
  });
  const cpuMicros = (await cpuMicrosOf(pid)) - cpuBefore;
  return {
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMicros: Math.round(cpuMicros / Math.max(1, result.requests.total)),
  };
}
