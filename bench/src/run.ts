// `pnpm bench [filter]`: each scenario against the real server and a bare node:http baseline in
// the same run, printed side by side and written to bench/results.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBaselineProcess, startServerProcess } from './processes';
import { CONNECTIONS, measure } from './measure';
import { scenarios, type BenchRequest } from './scenarios';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const resultsFile = fileURLToPath(new URL('../results.json', import.meta.url));

async function sample(baseUrl: string, request: BenchRequest) {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  // What Node sets by itself (both servers alike) or from the body stays out of the copied headers.
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!NODE_OWN_HEADERS.has(name)) headers[name] = value;
  });
  return { status: response.status, body: await response.text(), headers };
}

const NODE_OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

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
if (filter === 'calibrate') {
  await import('./calibration');
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
    const baseline = await startBaselineProcess(answer.status, answer.body, answer.headers);
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
