import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus metrics; one registry per runtime so tests do not share counters. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly jobOutcomes: Counter<'job' | 'outcome'>;
  readonly ingestEvents: Counter<'outcome'>;
  readonly ingestCommitEvents: Histogram;
  readonly ingestCommitSeconds: Histogram;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'candor_' });
  return {
    registry,
    // Labels are the route pattern (`/api/v1/members/:id`), never the URL, so ids and tokens stay out.
    httpRequests: new Counter({
      name: 'candor_http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'candor_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobOutcomes: new Counter({
      name: 'candor_jobs_total',
      help: 'Jobs run, by job name and outcome (done, skipped, retry, dead)',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    ingestEvents: new Counter({
      name: 'candor_ingest_events_total',
      help: 'Product-usage events received, by outcome (stored, duplicate, rejected)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    // How well group commit groups: events per commit, and what each durable commit costs.
    ingestCommitEvents: new Histogram({
      name: 'candor_ingest_commit_events',
      help: 'Events per ingestion commit',
      buckets: [1, 5, 20, 100, 500, 1000, 2000, 5000],
      registers: [registry],
    }),
    ingestCommitSeconds: new Histogram({
      name: 'candor_ingest_commit_seconds',
      help: 'Duration of one ingestion commit (all statements and the durable commit)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}
