// `pnpm bench profile <scenario filter>`: runs one scenario against the production build started
// with --cpu-prof, then splits the server's CPU time by what it was spent on (JWT, the session
// check, rate limits, audit, the store, validation, serialization, HTTP), mapped back to the
// sources through the bundle's source map. For finding where a request's time goes, not for
// throughput figures (profiling slows the server down).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SourceMapConsumer } from 'source-map-js';
import { startServerProcess } from './processes';
import { scenarios } from './scenarios';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's time goes, by the source file it maps to (first match wins). */
const CATEGORIES: Array<[string, RegExp]> = [
  ['JWT verification', /jose|domain\/identity\/tokens\.ts/],
  [
    'authentication (session, API key)',
    /middleware\/authentication\.ts|auth-session-repository|api-key-authentication|identity-scope/,
  ],
  ['rate limits', /rate-limit|rate-limiter-flexible/],
  ['audit', /audit|call-audit|refused-request/],
  ['store (LMDB, keys, transactions)', /packages\/store\/|lmdb|msgpackr|fdb-tuple|storage\/|repository\.ts/],
  ['zod validation', /node_modules\/.*zod|\/zod\//],
  ['procedure chain (tRPC, middleware runner)', /@trpc|trpc-internals|procedure\.ts|trpc-handler/],
  ['services', /packages\/api\/src\/domain\//],
  ['REST shim and HTTP helpers', /apps\/server\/src\/(rest|http)\//],
  ['app entry (routing, headers, context)', /apps\/server\/src\/app\.ts/],
];

const filter = process.argv[3]?.toLowerCase() ?? 'sessions.get (rest)';
const seconds = Number(process.env.BENCH_DURATION ?? 10);
const scenario = scenarios.find((candidate) => candidate.name.toLowerCase().includes(filter));
if (!scenario) throw new Error(`no scenario matches "${filter}"`);

const profileDir = await mkdtemp(join(tmpdir(), 'coditect-profile-'));
const dataDir = await mkdtemp(join(tmpdir(), 'coditect-bench-'));
await scenario.seed?.(dataDir);
const server = await startServerProcess({}, { dataDir, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
let requests: number;
try {
  const request = await scenario.prepare(server.url);
  const result = await autocannon({
    url: `${server.url}${request.path}`,
    method: request.method,
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    duration: seconds,
  });
  requests = result.requests.total;
  console.log(`${scenario.name}: ${Math.round(result.requests.total / result.duration)} req/s while profiling`);
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

const [file] = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('the server wrote no profile');
const profile = JSON.parse(await readFile(join(profileDir, file), 'utf8')) as CpuProfile;
// PROFILE_KEEP=1 leaves the profile for DevTools (its directory is printed).
if (process.env.PROFILE_KEEP) console.log(`profile kept in ${profileDir}`);
else await rm(profileDir, { recursive: true, force: true });

const bundle = fileURLToPath(new URL('../../apps/server/dist/main.mjs.map', import.meta.url));
const sourceMap = new SourceMapConsumer(JSON.parse(await readFile(bundle, 'utf8')));

function sourceOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url.endsWith('main.mjs')) return frame.url || `(${frame.functionName || 'native'})`;
  const position = sourceMap.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  return position.source ?? frame.url;
}

const selfMicros = new Map<number, number>();
profile.samples.forEach((nodeId, index) =>
  selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0)),
);
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

/** A node's category: its own source's, or (for natives and Node internals) its nearest categorised caller's. */
function categoryOf(id: number): string {
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const source = sourceOf(nodes.get(current)!.callFrame);
    const match = CATEGORIES.find(([, pattern]) => pattern.test(source));
    if (match) return match[0];
    if (source.startsWith('node:') || source.startsWith('(')) continue;
    if (current !== id) break;
  }
  const frame = nodes.get(id)!.callFrame;
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (frame.functionName === '(idle)' || frame.functionName === '(program)') return frame.functionName;
  return 'Node.js (HTTP, streams, timers)';
}

const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
for (const [id, micros] of selfMicros) {
  const category = categoryOf(id);
  byCategory.set(category, (byCategory.get(category) ?? 0) + micros);
  if (category !== '(idle)') busy += micros;
  const frame = nodes.get(id)!.callFrame;
  const label = `${frame.functionName || '(anonymous)'} ${sourceOf(frame).replace(/^.*\/(packages|apps|node_modules)\//, '$1/')}`;
  byFunction.set(label, (byFunction.get(label) ?? 0) + micros);
}
console.log(`\nCPU per request (${requests.toLocaleString('en')} requests, ${(busy / 1e6).toFixed(1)} s busy):`);
for (const [category, micros] of [...byCategory].sort((a, b) => b[1] - a[1])) {
  if (category === '(idle)') continue;
  console.log(
    `  ${(micros / requests).toFixed(1).padStart(6)} µs  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${category}`,
  );
}
// Inclusive time of each function (its own and its callees'), for where a whole step's time goes.
const inclusive = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  if (nodes.get(id)!.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const frame = nodes.get(current)!.callFrame;
    const label = `${frame.functionName || '(anonymous)'} ${sourceOf(frame).replace(/^.*\/(packages|apps|node_modules)\//, '$1/')}`;
    if (seen.has(label)) continue;
    seen.add(label);
    inclusive.set(label, (inclusive.get(label) ?? 0) + micros);
  }
}
console.log('\nTop functions by inclusive time (µs per request):');
for (const [label, micros] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`  ${(micros / requests).toFixed(1).padStart(6)} µs  ${label}`);
}
console.log('\nTop functions by self time:');
for (const [label, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${label}`);
}
