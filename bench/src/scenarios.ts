// What `pnpm bench` measures. Each scenario prepares itself against a running server and names
// the request to repeat; the baseline answers the same bytes the server answered.
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /** Runs once before measuring (create users, sessions...); returns the request to repeat. */
  prepare(baseUrl: string): Promise<BenchRequest>;
}

export const scenarios: Scenario[] = [
  {
    name: 'health (REST)',
    prepare: async () => ({ method: 'GET', path: '/api/v5/health' }),
  },
  {
    name: 'health (tRPC)',
    prepare: async () => ({ method: 'GET', path: '/trpc/health.check' }),
  },
];
