// `pnpm bench [filter]`: each scenario against the real server and a bare node:http baseline in
// the same run, printed side by side and written to bench/results.json.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startBaselineProcess, startServerProcess } from './processes';
import { scenarios, type BenchRequest } from './scenarios';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const resultsFile = fileURLToPath(new URL('../results.json', import.meta.url));

interface Measurement {
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

async function measure(
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

async function sample(baseUrl: string, request: BenchRequest) {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  return { status: response.status, body: await response.text() };
}

const filter = process.argv[2]?.toLowerCase();
if (filter === 'load' || filter === 'soak') {
  await import('./load-test');
  process.exit();
}
if (filter === 'terminal') {
  await import('./terminal-bench');
  process.exit();
}
if (filter === 'tasks') {
  await import('./task-bench');
  process.exit();
}
if (filter === 'profile') {
  await import('./profile');
  process.exit();
}
const selected = scenarios.filter((scenario) => !filter || scenario.name.toLowerCase().includes(filter));
const rows: Array<Record<string, string | number>> = [];
const dataDir = await mkdtemp(join(tmpdir(), 'coditect-bench-'));
for (const scenario of selected) await scenario.seed?.(dataDir);
const server = await startServerProcess({}, { dataDir });
try {
  for (const scenario of selected) {
    const request = await scenario.prepare(server.url);
    const answer = await sample(server.url, request);
    if (answer.status >= 300) throw new Error(`${scenario.name}: server answered ${answer.status} ${answer.body}`);
    const baseline = await startBaselineProcess(answer.status, answer.body);
    try {
      const connections = scenario.connections ?? CONNECTIONS;
      await measure(baseline.url, baseline.pid, request, 1, connections);
      const base = await measure(baseline.url, baseline.pid, request, DURATION_SECONDS, connections);
      await measure(server.url, server.pid, request, 1, connections);
      const ours = await measure(server.url, server.pid, request, DURATION_SECONDS, connections);
      const row = {
        scenario: scenario.name,
        connections,
        rps: ours.rps,
        p50_ms: ours.p50,
        p99_ms: ours.p99,
        errors: ours.errors,
        baseline_rps: base.rps,
        baseline_p99_ms: base.p99,
        ratio: Number((ours.rps / base.rps).toFixed(2)),
        // CPU per request beside the baseline's: steadier than throughput on a shared machine.
        cpu_us: ours.cpuMicros,
        baseline_cpu_us: base.cpuMicros,
        cpu_ratio: Number((base.cpuMicros / Math.max(1, ours.cpuMicros)).toFixed(2)),
        note: scenario.reference ? await scenario.reference() : '',
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    } finally {
      await baseline.stop();
    }
  }
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

console.log(
  `\n${CONNECTIONS} connections unless a row says otherwise, ${DURATION_SECONDS}s per measurement, loopback, same machine\n`,
);
console.table(rows);
await writeFile(
  resultsFile,
  `${JSON.stringify(
    rows.map(({ scenario, connections, rps, p50_ms, p99_ms, baseline_rps, ratio, cpu_us, baseline_cpu_us, cpu_ratio }) => ({
      scenario,
      connections,
      rps,
      p50_ms,
      p99_ms,
      baseline_rps,
      ratio,
      cpu_us,
      baseline_cpu_us,
      cpu_ratio,
    })),
    null,
    2,
  )}\n`,
);
