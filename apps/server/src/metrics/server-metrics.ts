// Prometheus metrics (prom-client), kept only when METRICS_TOKEN turns them on: requests and their
// latency per operation and status, rate-limit refusals, the audit queue, store transactions,
// retries and conflicts, model tokens, and the process's own (memory, event-loop lag, GC).
// Each server has its own registry; in a cluster the primary gathers every worker's (see
// metrics-endpoint.ts), so one scrape sees the whole machine.
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import cluster from 'node:cluster';
import type { KvStore } from '@coditect/store';
import type { LlmProvider } from '@coditect/api';

export interface MetricSources {
  store: KvStore;
  /** Audit entries waiting to be written. */
  auditQueueDepth: () => number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** One answered HTTP request: `operation` is a procedure path or a coarse name (`web`, `unknown`). */
  observeRequest(operation: string, method: string, status: number, seconds: number): void;
  /** The provider, counting the tokens each streamed reply reports. */
  meterProvider(provider: LlmProvider): LlmProvider;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServerMetrics(sources: MetricSources): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'coditect_' });
  const requests = new Counter({
    name: 'coditect_http_requests_total',
    help: 'HTTP requests answered, by operation, method and status',
    labelNames: ['operation', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'coditect_http_request_duration_seconds',
    help: 'Time from a request’s arrival to its answer being sent, by operation and method',
    labelNames: ['operation', 'method'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'coditect_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit (429), by operation',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'coditect_audit_queue_depth',
    help: 'Audit entries waiting to be written',
    registers: [registry],
    collect() {
      this.set(sources.auditQueueDepth());
    },
  });
  // The store keeps plain counters; these copy them at each scrape.
  const { stats } = sources.store;
  const storeCounter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      labelNames: ['backend'] as const,
      registers: [registry],
      collect() {
        this.reset();
        this.inc({ backend: sources.store.backend }, read());
      },
    });
  storeCounter('coditect_store_transactions_total', 'Store transactions committed', () => stats.committed);
  storeCounter(
    'coditect_store_retries_total',
    'Store transaction attempts run again (conflicts, retryable errors)',
    () => stats.retries,
  );
  storeCounter(
    'coditect_store_conflicts_total',
    'Store transaction attempts that lost to a conflicting commit',
    () => stats.conflicts,
  );
  const tokens = new Counter({
    name: 'coditect_model_tokens_total',
    help: 'Tokens the model provider reported, by model and kind (prompt or completion)',
    labelNames: ['model', 'kind'] as const,
    registers: [registry],
  });
  if (cluster.isWorker) {
    // Constructing one makes this worker answer the primary's requests; it answers with `registry`.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }

  return {
    registry,
    observeRequest(operation, method, status, seconds) {
      requests.inc({ operation, method, status });
      latency.observe({ operation, method }, seconds);
      if (status === 429) refusals.inc({ operation });
    },
    meterProvider(provider) {
      return {
        listModels: (signal) => provider.listModels(signal),
        async *streamChat(request, signal) {
          for await (const chunk of provider.streamChat(request, signal)) {
            if (chunk.usage) {
              const model = chunk.model ?? request.model;
              tokens.inc({ model, kind: 'prompt' }, chunk.usage.prompt_tokens);
              tokens.inc({ model, kind: 'completion' }, chunk.usage.completion_tokens);
            }
            yield chunk;
          }
        },
      };
    },
  };
}
