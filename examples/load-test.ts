// A load test of the REST API with an API key: `concurrency` clients, each with its own keep-alive
// connection pool, call the given GET routes in turn for `duration` seconds, and the script prints
// throughput, latency percentiles and the answers by status.
//
//   # an API key (scope "read" is enough for GET routes)
//   CODITECT_URL=http://localhost:8080 CODITECT_API_KEY=cdk_... LOAD_DURATION=10 LOAD_CONCURRENCY=16 \
//     npx tsx examples/load-test.ts /users/me /sessions
//
// The server's rate limits apply (RATE_LIMIT_USER, RATE_LIMIT_TENANT: 429 with Retry-After) and are
// counted apart from failures; raise them on a server you load-test, or test with several keys of
// several users. `pnpm bench` in the repository measures the server itself, beside bare node:http.

export interface LoadTestOptions {
  baseUrl: string;
  apiKey: string;
  /** Routes under /api/v5, called in turn. */
  paths: string[];
  durationSeconds: number;
  concurrency: number;
}

export interface LoadTestReport {
  requests: number;
  /** 2xx answers. */
  ok: number;
  rateLimited: number;
  /** Other statuses and network errors. */
  failed: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  if (options.paths.length === 0) throw new Error('name at least one route, e.g. /users/me');
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;

  async function client(offset: number): Promise<void> {
    for (let call = offset; performance.now() < deadline; call += 1) {
      const path = options.paths[call % options.paths.length]!;
      const before = performance.now();
      let status: string;
      try {
        const response = await fetch(`${options.baseUrl}/api/v5${path}`, { headers: { 'x-api-key': options.apiKey } });
        await response.arrayBuffer(); // the whole answer, so the connection is reused
        status = String(response.status);
      } catch {
        status = 'network error';
      }
      latencies.push(performance.now() - before);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => client(index)));
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0);
  const count = (match: (status: string) => boolean) =>
    Object.entries(statuses).reduce((sum, [status, n]) => sum + (match(status) ? n : 0), 0);
  const ok = count((status) => status.startsWith('2'));
  const rateLimited = count((status) => status === '429');
  return {
    requests: latencies.length,
    ok,
    rateLimited,
    failed: latencies.length - ok - rateLimited,
    requestsPerSecond: round(latencies.length / elapsedSeconds),
    latencyMs: { p50: percentile(50), p95: percentile(95), p99: percentile(99), max: round(latencies.at(-1) ?? 0) },
    statuses,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

// Run as a script (not when a test imports it).
if (import.meta.url === `file://${process.argv[1]}`) {
  const apiKey = process.env.CODITECT_API_KEY;
  if (!apiKey) {
    console.error('Set CODITECT_API_KEY to an API key (scope "read" is enough).');
    process.exit(2);
  }
  const paths = process.argv.slice(2);
  runLoadTest({
    baseUrl: process.env.CODITECT_URL ?? 'http://localhost:8080',
    apiKey,
    paths: paths.length > 0 ? paths : ['/users/me', '/sessions'],
    durationSeconds: Number(process.env.LOAD_DURATION ?? 10),
    concurrency: Number(process.env.LOAD_CONCURRENCY ?? 16),
  }).then(
    (report) => {
      console.log(`${report.requests} requests, ${report.requestsPerSecond} req/s`);
      console.log(
        `latency ms: p50 ${report.latencyMs.p50}, p95 ${report.latencyMs.p95}, p99 ${report.latencyMs.p99}, max ${report.latencyMs.max}`,
      );
      console.log(`ok ${report.ok}, rate limited ${report.rateLimited}, failed ${report.failed}`, report.statuses);
      process.exit(report.failed > 0 ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
