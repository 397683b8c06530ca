// GET /metrics for a Prometheus scraper holding METRICS_TOKEN (nobody else learns it exists: no
// token, a wrong one → 401). In a cluster a worker asks the primary, which gathers every worker's
// registry (prom-client's AggregatorRegistry), so whichever worker the scrape lands on answers for
// the whole machine.
import cluster from 'node:cluster';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import { AppError } from '@coditect/api';
import { sendError } from '../rest/rest-handler';
import type { ServerMetrics } from './server-metrics';

const REQUEST = 'coditect:metrics-request';
const ANSWER = 'coditect:metrics';
const CLUSTER_WAIT_MS = 5_000;

interface MetricsAnswer {
  type: typeof ANSWER;
  id: string;
  text?: string;
  contentType?: string;
  error?: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createMetricsEndpoint(metrics: ServerMetrics, token: string) {
  const expected = digest(`Bearer ${token}`);
  return async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use GET`));
      return;
    }
    const presented = req.headers.authorization;
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      sendError(res, new AppError('UNAUTHORIZED', 'Metrics need Authorization: Bearer <METRICS_TOKEN>'));
      return;
    }
    const { text, contentType } = cluster.isWorker ? await fromPrimary(metrics) : await local(metrics);
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}

async function local(metrics: ServerMetrics): Promise<{ text: string; contentType: string }> {
  return { text: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}

/** The whole cluster's metrics from the primary; this worker's own if the primary does not answer. */
function fromPrimary(metrics: ServerMetrics): Promise<{ text: string; contentType: string }> {
  const id = randomUUID();
  return new Promise((resolve) => {
    const done = (answer: { text: string; contentType: string } | undefined) => {
      clearTimeout(timer);
      process.off('message', onMessage);
      if (answer) resolve(answer);
      else void local(metrics).then(resolve);
    };
    const onMessage = (message: MetricsAnswer) => {
      if (message?.type !== ANSWER || message.id !== id) return;
      done(message.text === undefined ? undefined : { text: message.text, contentType: message.contentType ?? 'text/plain' });
    };
    const timer = setTimeout(() => done(undefined), CLUSTER_WAIT_MS);
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id });
  });
}

/** In the cluster primary: answers workers asking for the whole cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== REQUEST || typeof message.id !== 'string') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id, text, contentType: aggregator.contentType } satisfies MetricsAnswer),
      (error: unknown) => worker.send({ type: ANSWER, id, error: String(error) } satisfies MetricsAnswer),
    );
  });
}
