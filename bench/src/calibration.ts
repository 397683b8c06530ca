// `pnpm bench calibrate`: what ratio a server doing N µs more work per request than bare node:http
// can reach on this machine. The bare server itself, given N µs of busy work per request, is
// measured against the plain one in the same run. On a machine where the load generator shares the
// cores, throughput is not proportional to work: the bench's ratios read against this curve.
import { measure } from './measure';
import { startBaselineProcess } from './processes';

const SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const WORK_MICROS = (process.env.CALIBRATE_WORK_US ?? '5,10,20,40,80').split(',').map(Number);
const request = { method: 'GET' as const, path: '/' };
// A users.me-sized answer.
const body = JSON.stringify({
  success: true,
  data: { user_id: crypto.randomUUID(), email: 'someone@example.com', first_name: 'Some', last_name: 'One' },
});

async function rateWith(workMicros: number) {
  const server = await startBaselineProcess(200, body, {}, workMicros);
  try {
    await measure(server.url, server.pid, request, 1);
    return await measure(server.url, server.pid, request, SECONDS);
  } finally {
    await server.stop();
  }
}

const bare = await rateWith(0);
const rows = [];
for (const workMicros of WORK_MICROS) {
  const loaded = await rateWith(workMicros);
  rows.push({
    work_us: workMicros,
    rps: loaded.rps,
    cpu_us: loaded.cpuMicros,
    bare_rps: bare.rps,
    bare_cpu_us: bare.cpuMicros,
    ratio: Number((loaded.rps / bare.rps).toFixed(2)),
  });
}
console.log(`\nbare node:http with N µs of busy work per request, against plain bare node:http (${SECONDS}s each)\n`);
console.table(rows);
